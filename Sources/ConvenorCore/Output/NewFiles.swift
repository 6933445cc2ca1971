import Foundation

extension OutputFolder {
    /// Adds files to a folder that may already exist (e.g. a git repository), never replacing a file:
    /// when any of them is already there, nothing is written and the error lists every one.
    /// A folder that does not exist yet is created atomically with everything in it.
    public static func addNewFiles(_ files: [RenderedFile], to folder: String) throws {
        let fm = FileManager.default
        let base = URL(fileURLWithPath: folder)
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: base.path, isDirectory: &isDirectory) else {
            // A new folder of the user's own (a repository): no manifest, so no later run may replace it.
            try replaceFolder(files, at: folder, force: false, mayReplace: false)
            return
        }
        guard isDirectory.boolValue else {
            throw FileError(path: folder, reason: "exists and is not a folder; choose another folder")
        }
        let existing = files.map(\.path).filter { fm.fileExists(atPath: base.appendingPathComponent($0).path) }.sorted()
        if !existing.isEmpty {
            let count = existing.count == 1 ? "1 file is" : "\(existing.count) files are"
            throw FileError(path: folder, reason: "\(count) already there, so nothing was written (move them away or choose another folder):\n"
                            + existing.map { "  \($0)" }.joined(separator: "\n"))
        }
        for file in files {
            try replaceFile(file.contents, at: base.appendingPathComponent(file.path).path)
        }
    }
}
