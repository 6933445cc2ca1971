import Foundation
import ZIPFoundation

/// Builds zip archives (Office Open XML packages, pack.zip) in memory with ZIPFoundation.
///
/// Entries keep the order given and a fixed timestamp, so the same files always give the same bytes.
public enum ZipPackage {
    /// 1980-01-01 00:00 local time, the earliest date a zip entry can hold: no clock leaks into outputs.
    static let fixedDate: Date = {
        var c = DateComponents()
        c.year = 1980; c.month = 1; c.day = 1; c.hour = 12
        return Calendar(identifier: .gregorian).date(from: c) ?? Date(timeIntervalSince1970: 315_576_000)
    }()

    /// `compress`: deflate entries (pack.zip, Office parts); `[Content_Types].xml` order is the caller's.
    public static func archive(_ files: [RenderedFile], compress: Bool = true) throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw FileError(path: "zip", reason: "could not create an archive in memory: \(error)")
        }
        for file in files {
            let contents = file.contents
            do {
                try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(contents.count),
                                     modificationDate: fixedDate, permissions: 0o644,
                                     compressionMethod: compress ? .deflate : .none) { position, size in
                    contents.subdata(in: Int(position)..<(Int(position) + size))
                }
            } catch {
                throw FileError(path: file.path, reason: "could not add to the archive: \(error)")
            }
        }
        guard let data = archive.data else { throw FileError(path: "zip", reason: "the archive has no data") }
        return data
    }
}
