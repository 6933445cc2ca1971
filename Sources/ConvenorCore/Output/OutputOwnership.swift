import Foundation

/// The list of files Convenor wrote into an output folder, kept in the folder as `.convenor-manifest.json`.
///
/// It is how a later run knows the folder is Convenor's to replace: the folder may be replaced only
/// while it holds nothing but these files, unchanged (same size and CRC-32). The content depends only
/// on the files and the command, so two runs on the same input still give byte-identical folders.
public struct OutputManifest: Codable, Sendable, Equatable {
    /// The manifest's file name inside every output folder.
    public static let fileName = ".convenor-manifest.json"
    static let note = "Written by Convenor. A later Convenor run replaces this folder only while it holds nothing but "
        + "the files listed here, unchanged; anything else in it makes Convenor refuse and leave the folder alone."

    public struct Entry: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int
        /// CRC-32 of the contents, 8 lowercase hex digits: tells an edited file from the one Convenor wrote.
        public var crc32: String
    }

    public var note: String
    /// What wrote the folder, e.g. `convenor overlap`.
    public var command: String
    public var files: [Entry]

    public init(command: String, files: [RenderedFile]) {
        self.note = Self.note
        self.command = command
        // Checksums of large outputs (a national overlap map is ~200 MB) are taken on every core.
        self.files = Parallel.map(files.count) { Entry(path: files[$0].path, bytes: files[$0].contents.count, crc32: Self.checksum(files[$0].contents)) }
            .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    static func checksum(_ data: Data) -> String {
        let value = CRC32.checksum(data)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    public func rendered() -> RenderedFile {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return RenderedFile(path: Self.fileName, contents: data + Data("\n".utf8))
    }

    static func read(from folder: URL) -> OutputManifest? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)) else { return nil }
        return try? JSONDecoder().decode(OutputManifest.self, from: data)
    }
}

/// Why Convenor will not write to an output path. Nothing has been changed when this is thrown.
///
/// The command line prints it as `PATH: error: [code] refusing to replace PATH: REASON; nothing was
/// changed.` with advice, and exits 73 (EX_CANTCREAT).
public struct OutputRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The folder holds a file or folder Convenor did not write (or changed since).
        case foreignFiles = "not-convenor-output"
        /// The path is a folder no run may replace: `/`, the home folder, the current folder or one
        /// that holds it, a git repository.
        case protectedFolder = "protected-folder"
        /// The path is a file, or a symbolic link, where a folder was asked for.
        case notAFolder = "not-a-folder"
        /// A single-file output already exists.
        case fileExists = "file-exists"
    }

    /// The output path as the user gave it.
    public var path: String
    public var code: Code
    /// Why, e.g. `out/keep.txt was not written by Convenor`.
    public var reason: String

    /// Whether forcing the replacement (`force: true`) would let the write go ahead.
    public var forceWouldHelp: Bool { code == .foreignFiles || code == .fileExists }

    public var description: String {
        "\(path): error: [\(code.rawValue)] refusing to replace \(path): \(reason); nothing was changed."
    }
}

/// The one rule for every path Convenor writes output to (see `OutputFolder.write`).
///
/// A folder may be replaced only when it does not exist, is empty, or holds nothing but what a previous
/// Convenor run listed in its manifest, unchanged (plus `.DS_Store`/`Thumbs.db`, which file browsers
/// make). `force` lifts that rule, but never for `/`, the home folder, the current folder or a folder
/// holding it, a folder with a `.git` anywhere inside, or a symbolic link.
enum OutputOwnership {
    /// Files a file browser drops into any folder it shows; they are not the user's work.
    static let browserClutter: Set<String> = [".DS_Store", "Thumbs.db"]

    /// Throws `OutputRefusal` unless Convenor may replace `target` (which exists or not) with a new folder.
    static func checkFolder(_ target: String, force: Bool) throws {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        try checkProtected(target, url: url)
        guard let type = fileType(url.path) else { return }
        if type == .typeSymbolicLink {
            throw OutputRefusal(path: target, code: .notAFolder, reason: "it is a symbolic link; give the folder itself or a new folder")
        }
        guard type == .typeDirectory else {
            throw OutputRefusal(path: target, code: .notAFolder, reason: "it exists and is not a folder; choose another output path")
        }
        try checkContents(of: url, as: target, force: force)
    }

    /// The contents rule alone, for a folder that exists (used again on the moved-aside folder just before
    /// it is deleted, so nothing that appeared during the run is lost).
    static func checkContents(of url: URL, as target: String, force: Bool) throws {
        if fileType(url.appendingPathComponent(".git").path) != nil {
            throw OutputRefusal(path: target, code: .protectedFolder, reason: "it holds a git repository (\(join(target, ".git")))")
        }
        if force {
            // Forcing replaces everything inside, so look all the way down for a repository.
            if let git = firstEntry(named: ".git", under: url) {
                throw OutputRefusal(path: target, code: .protectedFolder, reason: "it holds a git repository (\(join(target, git)))")
            }
            return
        }
        let manifest = OutputManifest.read(from: url)
        if manifest == nil, fileType(url.appendingPathComponent(OutputManifest.fileName).path) != nil {
            throw OutputRefusal(path: target, code: .foreignFiles,
                                reason: "\(join(target, OutputManifest.fileName)) is not a manifest Convenor can read, so the folder may hold files Convenor did not write")
        }
        let listed = Dictionary((manifest?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var folders: Set<String> = []
        for path in listed.keys {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty { folders.insert(parts.joined(separator: "/")); parts = parts.dropLast() }
        }
        if let (path, problem) = firstForeign(in: url, relative: "", listed: listed, folders: folders, isRoot: true) {
            throw OutputRefusal(path: target, code: .foreignFiles, reason: "\(join(target, path)) \(problem)")
        }
    }

    /// `/`, the home folder, the current folder and every folder holding one of them.
    static func checkProtected(_ target: String, url: URL) throws {
        let resolved = resolve(url)
        let fm = FileManager.default
        if resolved == "/" { throw OutputRefusal(path: target, code: .protectedFolder, reason: "it is the root folder") }
        let cwd = resolve(URL(fileURLWithPath: fm.currentDirectoryPath))
        if resolved == cwd { throw OutputRefusal(path: target, code: .protectedFolder, reason: "it is the current folder") }
        if cwd.hasPrefix(resolved + "/") { throw OutputRefusal(path: target, code: .protectedFolder, reason: "it holds the current folder") }
        var homes = [fm.homeDirectoryForCurrentUser.path]
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { homes.append(home) }
        for home in Set(homes.map { resolve(URL(fileURLWithPath: $0)) }) where home != "/" {
            if resolved == home { throw OutputRefusal(path: target, code: .protectedFolder, reason: "it is your home folder") }
            if home.hasPrefix(resolved + "/") { throw OutputRefusal(path: target, code: .protectedFolder, reason: "it holds your home folder") }
        }
    }

    /// Throws `OutputRefusal` unless Convenor may write a single file at `target`: a new file, or with
    /// `force` an existing one (replaced atomically; a folder is never replaced by a file).
    static func checkFile(_ target: String, force: Bool) throws {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        guard let type = fileType(url.path) else { return }
        if type == .typeDirectory {
            throw OutputRefusal(path: target, code: .notAFolder, reason: "it is a folder, and a file was asked for; choose another file name")
        }
        if !force {
            throw OutputRefusal(path: target, code: .fileExists, reason: "the file already exists")
        }
    }

    /// The first entry (in byte order of names, depth first) that is neither a listed file, unchanged,
    /// nor a folder on the way to one; with what is wrong with it.
    private static func firstForeign(in folder: URL, relative: String, listed: [String: OutputManifest.Entry],
                                     folders: Set<String>, isRoot: Bool) -> (String, String)? {
        // The walk lists the files to compare with the manifest, in order, up to the first entry that is
        // foreign by its name or type; the comparisons (reading and checksumming every file) then run on
        // every core, and the first problem in the walk's order is the one reported.
        var files: [(path: String, url: URL, entry: OutputManifest.Entry)] = []
        let found = walk(folder, relative: relative, listed: listed, folders: folders, isRoot: isRoot, files: &files)
        let toCompare = files
        let changed = Parallel.map(toCompare.count) { k -> Bool in
            let files = toCompare
            let file = files[k]
            guard let data = try? Data(contentsOf: file.url, options: .alwaysMapped),
                  data.count == file.entry.bytes, OutputManifest.checksum(data) == file.entry.crc32 else { return true }
            return false
        }
        if let first = changed.firstIndex(of: true) { return (files[first].path, "was changed after Convenor wrote it") }
        return found
    }

    private static func walk(_ folder: URL, relative: String, listed: [String: OutputManifest.Entry], folders: Set<String>, isRoot: Bool,
                             files: inout [(path: String, url: URL, entry: OutputManifest.Entry)]) -> (String, String)? {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            return (relative.isEmpty ? "." : relative, "cannot be listed (\(error.localizedDescription))")
        }
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let path = relative.isEmpty ? name : relative + "/" + name
            let url = folder.appendingPathComponent(name)
            let type = fileType(url.path)
            if isRoot && name == OutputManifest.fileName && type == .typeRegular { continue }
            // Convenor never writes a repository, whatever a manifest says.
            if name == ".git" { return (path, "belongs to a git repository, which Convenor never writes") }
            if browserClutter.contains(name) && type == .typeRegular { continue }
            if type == .typeDirectory {
                guard folders.contains(path) else { return (path + "/", "was not written by Convenor") }
                if let found = walk(url, relative: path, listed: listed, folders: folders, isRoot: false, files: &files) { return found }
                continue
            }
            guard let entry = listed[path], type == .typeRegular else { return (path, "was not written by Convenor") }
            files.append((path, url, entry))
        }
        return nil
    }

    /// The relative path of the first entry called `name` under `folder` (symbolic links not followed).
    static func firstEntry(named name: String, under folder: URL) -> String? {
        var queue = [(folder, "")]
        while !queue.isEmpty {
            let (url, relative) = queue.removeFirst()
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { continue }
            for entry in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let path = relative.isEmpty ? entry : relative + "/" + entry
                if entry == name { return path }
                let child = url.appendingPathComponent(entry)
                if fileType(child.path) == .typeDirectory { queue.append((child, path)) }
            }
        }
        return nil
    }

    /// The type of the entry at `path` itself (a symbolic link is not followed), nil if there is none.
    static func fileType(_ path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    /// `url` with symbolic links resolved, as far as it exists.
    static func resolve(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while fileType(existing.path) == nil, existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        var path = existing.path
        if let real = realpath(existing.path, nil) {
            path = String(cString: real)
            free(real)
        }
        for part in rest { path = (path as NSString).appendingPathComponent(part) }
        return path
    }

    static func join(_ target: String, _ relative: String) -> String {
        target.hasSuffix("/") ? target + relative : target + "/" + relative
    }
}
