import ConvenorCore
import Foundation
import ZIPFoundation

// The entries of an archive held in memory, for reading outputs back (OutputText). Kept with the tests:
// ConvenorCore no longer reads zip archives it wrote.
extension ZipPackage {
    static func entries(of data: Data) throws -> [(path: String, contents: Data)] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [(path: String, contents: Data)] = []
        for entry in archive {
            var contents = Data()
            _ = try archive.extract(entry, skipCRC32: false) { contents.append($0) }
            result.append((entry.path, contents))
        }
        return result
    }
}
