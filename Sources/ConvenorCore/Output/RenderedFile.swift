import Foundation

/// One output file, in memory: renderers return these and only `OutputFolder` touches the disk.
public struct RenderedFile: Sendable, Equatable {
    /// Path inside the output folder, with `/` separators.
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: Data(text.utf8))
    }
}

/// Writes output to disk. Every command that writes files goes through here, so every one follows the
/// same two rules:
///
/// - **Never delete what Convenor did not write.** `write(_:to:writtenBy:force:)` replaces a folder only
///   when it does not exist, is empty, or holds nothing but the files a previous Convenor run listed in its
///   `.convenor-manifest.json` (`OutputManifest`), unchanged. Anything else — a user's file, an edited
///   output, a sub-folder — makes it throw `OutputRefusal` (exit 73 on the command line) naming the first
///   such file, and nothing is touched. `force: true` replaces a folder of any content, except `/`, the
///   home folder, the current folder or one holding it, and any folder with a `.git` inside; a symbolic
///   link is never replaced. `writeFile(_:to:force:)` writes a single file only where none exists, unless
///   forced. `addNewFiles(_:to:)` adds files to a folder and never replaces any.
/// - **All or nothing.** Everything goes into a hidden sibling folder first, which replaces the target
///   only once every file is written. A failure leaves what was there before untouched and removes the
///   half-built sibling.
///
/// Every step that touches the disk runs under `OutputCleanup`'s lock, so an interruption (Ctrl-C)
/// either happens before a step, and removes the staging folder, or after the final rename; it can
/// never leave a half-swapped or re-created folder behind.
public enum OutputFolder {
    /// Writes `files` as the folder `target`, with a manifest of them, replacing a previous Convenor
    /// output there. Throws `OutputRefusal` (see the type's rules) or `FileError`; either way nothing changed.
    /// - Parameters:
    ///   - files: the folder's contents, paths relative to `target`.
    ///   - target: the output folder.
    ///   - command: recorded in the manifest so a person can tell what made the folder, e.g. `convenor overlap`.
    ///   - force: replace the folder whatever it holds (protected folders are still refused).
    public static func write(_ files: [RenderedFile], to target: String, writtenBy command: String = "convenor", force: Bool = false) throws {
        if files.contains(where: { $0.path == OutputManifest.fileName }) {
            throw FileError(path: target, reason: "refused to write '\(OutputManifest.fileName)', the name Convenor keeps for its list of files; nothing was changed")
        }
        try PhaseTrace.measure("write: checking the folder there") { try OutputOwnership.checkFolder(target, force: force) }
        let manifest = PhaseTrace.measure("write: manifest") { OutputManifest(command: command, files: files).rendered() }
        try replaceFolder(files + [manifest], at: target, force: force)
    }

    /// The atomic swap: `files` staged beside `target`, then renamed over it. A folder already there is
    /// checked again once moved aside, and put back if anything foreign appeared in it during the run;
    /// without `mayReplace` a folder that appeared during the run is left alone and the write fails.
    static func replaceFolder(_ files: [RenderedFile], at target: String, force: Bool, mayReplace: Bool = true) throws {
        let fm = FileManager.default
        let cleanup = OutputCleanup.shared
        let targetURL = URL(fileURLWithPath: target).standardizedFileURL
        let parent = targetURL.deletingLastPathComponent()
        let name = targetURL.lastPathComponent
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: parent.path, reason: IOFailure.reason("cannot create the folder", error))
        }
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let staging = parent.appendingPathComponent(".\(name).convenor-\(token)")
        let previous = parent.appendingPathComponent(".\(name).previous-\(token)")
        do {
            try cleanup.step {
                cleanup.register(staging.path)
                try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            }
            let writing = PhaseTrace.now()
            defer { PhaseTrace.report("write: files and the swap", from: writing) }
            var urls: [URL] = []
            for file in files {
                guard let url = OutputFolder.safeURL(for: file.path, in: staging) else {
                    throw FileError(path: target, reason: "refused to write '\(file.path)' outside the output folder; nothing was changed")
                }
                urls.append(url)
            }
            // The files are written on every core (a national overlap map is ~190 MB); the first
            // failure in the files' order is the one reported.
            let destinations = urls
            try cleanup.step {
                for url in destinations { try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) }
                let outcomes = Parallel.map(files.count) { k in Result { try files[k].contents.write(to: destinations[k]) } }
                for outcome in outcomes { try outcome.get() }
            }
            try cleanup.step {
                if OutputOwnership.fileType(targetURL.path) != nil {
                    guard mayReplace else {
                        throw FileError(path: target, reason: "appeared while Convenor was writing; it was left alone and nothing was written")
                    }
                    try fm.moveItem(at: targetURL, to: previous)
                    // What is deleted is exactly what is checked: anything added during the run is kept.
                    do {
                        try PhaseTrace.measure("write: checking the folder moved aside") { try OutputOwnership.checkContents(of: previous, as: target, force: force) }
                    } catch {
                        try? fm.moveItem(at: previous, to: targetURL)
                        throw error
                    }
                    do {
                        try fm.moveItem(at: staging, to: targetURL)
                    } catch {
                        try? fm.moveItem(at: previous, to: targetURL)
                        throw error
                    }
                    PhaseTrace.measure("write: removing the folder replaced") { _ = try? fm.removeItem(at: previous) }
                } else {
                    try fm.moveItem(at: staging, to: targetURL)
                }
                cleanup.unregister(staging.path)
            }
        } catch {
            throw abandon(staging, after: error, path: target, reason: "could not write the output")
        }
    }

    /// Writes one file atomically: a hidden sibling first, renamed over the target once complete.
    /// An existing file is replaced only with `force` (throws `OutputRefusal` otherwise); a folder never is.
    public static func writeFile(_ contents: Data, to path: String, force: Bool = false) throws {
        try OutputOwnership.checkFile(path, force: force)
        try replaceFile(contents, at: path)
    }

    /// Writes several single files (e.g. a portfolio and its contacts file beside it), each atomically,
    /// after checking every one: when any may not be written, none is.
    public static func writeFiles(_ files: [(path: String, contents: Data)], force: Bool = false) throws {
        for file in files { try OutputOwnership.checkFile(file.path, force: force) }
        for file in files { try replaceFile(file.contents, at: file.path) }
    }

    /// The atomic write of one file, without the ownership check.
    static func replaceFile(_ contents: Data, at path: String) throws {
        let fm = FileManager.default
        let cleanup = OutputCleanup.shared
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).convenor-\(token)")
        do {
            try cleanup.step {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                cleanup.register(staging.path)
                try contents.write(to: staging)
            }
            try cleanup.step {
                // rename(2) replaces the target in one step.
                guard rename(staging.path, url.path) == 0 else {
                    throw FileError(path: path, reason: "could not write the file (nothing was changed): " + IOFailure.explanation(errno))
                }
                cleanup.unregister(staging.path)
            }
        } catch {
            throw abandon(staging, after: error, path: path, reason: "could not write the file")
        }
    }

    /// After a failed write: removes the staging copy and says what went wrong (nothing else was changed).
    private static func abandon(_ staging: URL, after error: any Error, path: String, reason: String) -> any Error {
        let cleanup = OutputCleanup.shared
        try? cleanup.step {
            try? FileManager.default.removeItem(at: staging)
            cleanup.unregister(staging.path)
        }
        if error is FileError || error is OutputRefusal { return error }
        return FileError(path: path, reason: IOFailure.reason("\(reason) (nothing was changed)", error))
    }

    /// `relative` inside `folder`, or nil if it would leave it (absolute, `..`, empty).
    static func safeURL(for relative: String, in folder: URL) -> URL? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !relative.hasPrefix("/"), !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        return parts.reduce(folder) { $0.appendingPathComponent(String($1)) }
    }
}

/// Staging folders in flight, so an interrupted run (Ctrl-C) can remove them before exiting.
///
/// The CLI calls `removeAll()` from an ordinary thread (a dispatch signal source), never from a
/// signal handler: removing files needs locks and memory, which a signal handler may not use.
public final class OutputCleanup: @unchecked Sendable {
    public static let shared = OutputCleanup()
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var interrupted = false
    /// Set by `removeAll` before it waits for the step in progress, under its own short-held lock: the
    /// writer, which may take `lock` again the moment it lets go, then starts no further step (the
    /// rename over the previous output above all) while the cleanup waits its turn.
    private let requestLock = NSLock()
    private var requested = false
    /// Signalled once `removeAll` has finished.
    private let cleaned = DispatchSemaphore(value: 0)

    /// Thrown by a write step that would start after an interruption.
    struct Interrupted: Error {}

    func register(_ path: String) { paths.insert(path) }
    func unregister(_ path: String) { paths.remove(path) }

    /// Runs one disk step of writing output, never at the same time as `removeAll`.
    func step<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        if !interrupted && requestLock.withLock({ requested }) {
            // The cleanup is waiting for the lock: it goes first and ends the run, as an interrupted
            // run ends (by the signal), before this writer gives up.
            lock.unlock()
            cleaned.wait()
            cleaned.signal()
            throw FileError(path: "output", reason: "interrupted; nothing was changed")
        }
        defer { lock.unlock() }
        if interrupted { throw FileError(path: "output", reason: "interrupted; nothing was changed") }
        return try body()
    }

    /// Removes every staging folder or file still in flight and stops any further writing.
    public func removeAll() {
        requestLock.withLock { requested = true }
        lock.lock()
        defer { lock.unlock() }
        interrupted = true
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
        paths.removeAll()
        cleaned.signal()
    }
}
