import Foundation
import ZIPFoundation

extension ZipPackage {
    /// The entries of an archive held in memory, in archive order: for checking packs and Office files.
    public static func entries(of data: Data) throws -> [(path: String, contents: Data)] {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw FileError(path: "zip", reason: "not a readable zip archive: \(error)")
        }
        var result: [(path: String, contents: Data)] = []
        for entry in archive {
            var contents = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { contents.append($0) }
            } catch {
                throw FileError(path: entry.path, reason: "could not be read from the archive: \(error)")
            }
            result.append((entry.path, contents))
        }
        return result
    }
}
