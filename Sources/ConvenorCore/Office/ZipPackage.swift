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

    /// Noon on `day`, as a zip entry's modification time (zip stores local date and time, so the day
    /// reads the same wherever the archive is opened).
    static func entryDate(_ day: CalendarDate) -> Date {
        var c = DateComponents()
        (c.year, c.month, c.day) = day.components
        c.hour = 12
        return Calendar(identifier: .gregorian).date(from: c) ?? fixedDate
    }

    /// `compress`: deflate entries (pack.zip, Office parts); `[Content_Types].xml` order is the caller's.
    /// `dated`: the day every entry is dated (pack.zip: the pack's date); 1980-01-01 when nil.
    public static func archive(_ files: [RenderedFile], compress: Bool = true, dated: CalendarDate? = nil) throws -> Data {
        let modificationDate = dated.map(entryDate) ?? fixedDate
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
                                     modificationDate: modificationDate, permissions: 0o644,
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
