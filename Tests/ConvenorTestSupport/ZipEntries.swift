import Foundation
import ZIPFoundation

/// Reads zip packages (pack.zip, .docx, .pptx, .xlsx) back for checks.
public enum ZipEntries {
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Every entry of an archive held in memory, in archive order, with its CRC checked.
    public static func of(_ data: Data) throws -> [(path: String, contents: Data)] {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ReadError(description: "not a readable zip archive: \(error)")
        }
        var result: [(path: String, contents: Data)] = []
        for entry in archive {
            var contents = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { contents.append($0) }
            } catch {
                throw ReadError(description: "\(entry.path) could not be read from the archive: \(error)")
            }
            result.append((entry.path, contents))
        }
        return result
    }

    /// The entry at `path` as text.
    public static func text(_ path: String, in data: Data) throws -> String {
        guard let entry = try of(data).first(where: { $0.path == path }) else {
            throw ReadError(description: "no entry \(path) in the archive")
        }
        return String(decoding: entry.contents, as: UTF8.self)
    }

    /// The day each entry is dated, as YYYY-MM-DD (zip stores local date and time), by path.
    public static func days(of data: Data) throws -> [String: String] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw ReadError(description: "not a readable zip archive: \(error)") }
        var days: [String: String] = [:]
        for entry in archive {
            guard let date = entry.fileAttributes[.modificationDate] as? Date else { continue }
            let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: date)
            days[entry.path] = String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
        }
        return days
    }
}
