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

/// Writes a set of files as one folder, atomically: everything goes into a hidden sibling folder
/// first, which replaces the target only once every file is written. A failure leaves what was
/// there before untouched and removes the half-built sibling.
public enum OutputFolder {
    public static func write(_ files: [RenderedFile], to target: String) throws {
        let fm = FileManager.default
        let targetURL = URL(fileURLWithPath: target).standardizedFileURL
        let parent = targetURL.deletingLastPathComponent()
        let name = targetURL.lastPathComponent
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: targetURL.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw FileError(path: target, reason: "exists and is not a folder; choose another output path")
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: parent.path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let staging = parent.appendingPathComponent(".\(name).convenor-\(token)")
        let previous = parent.appendingPathComponent(".\(name).previous-\(token)")
        OutputCleanup.shared.register(staging.path)
        defer { OutputCleanup.shared.unregister(staging.path) }
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: url)
            }
            if fm.fileExists(atPath: targetURL.path) {
                try fm.moveItem(at: targetURL, to: previous)
                do {
                    try fm.moveItem(at: staging, to: targetURL)
                } catch {
                    try? fm.moveItem(at: previous, to: targetURL)
                    throw error
                }
                try? fm.removeItem(at: previous)
            } else {
                try fm.moveItem(at: staging, to: targetURL)
            }
        } catch let error as FileError {
            try? fm.removeItem(at: staging)
            throw error
        } catch {
            try? fm.removeItem(at: staging)
            throw FileError(path: target, reason: "could not write the output: \(error.localizedDescription); nothing was changed")
        }
    }

    /// Writes one file atomically (temporary sibling, then rename).
    public static func writeFile(_ contents: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, options: .atomic)
        } catch {
            throw FileError(path: path, reason: "could not write the file: \(error.localizedDescription)")
        }
    }
}

/// Staging folders in flight, so an interrupted run (Ctrl-C) can remove them before exiting.
public final class OutputCleanup: @unchecked Sendable {
    public static let shared = OutputCleanup()
    private let lock = NSLock()
    private var paths: Set<String> = []

    func register(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }
    func unregister(_ path: String) { lock.lock(); paths.remove(path); lock.unlock() }

    /// Removes every staging folder still in flight. Called from the CLI's signal handler.
    public func removeAll() {
        lock.lock()
        let pending = paths
        paths.removeAll()
        lock.unlock()
        for path in pending { try? FileManager.default.removeItem(atPath: path) }
    }
}
