import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite("Output folder is written atomically")
struct OutputFolderTests {
    /// A folder holding `out/`, an earlier Convenor output (so later writes may replace it).
    func previous() throws -> URL {
        let dir = try TestSupport.temporaryDirectory()
        try OutputFolder.write([RenderedFile(path: "marker.txt", text: "before")], to: dir.appendingPathComponent("out").path)
        return dir
    }

    func leftovers(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(".") }
    }

    @Test func failureHalfwayLeavesThePreviousFolder() throws {
        let dir = try previous()
        // The second file cannot be created: its parent "a" is the first file.
        let files = [RenderedFile(path: "a", text: "x"), RenderedFile(path: "a/b", text: "y")]
        #expect(throws: FileError.self) { try OutputFolder.write(files, to: dir.appendingPathComponent("out").path) }
        #expect(try String(contentsOf: dir.appendingPathComponent("out/marker.txt"), encoding: .utf8) == "before")
        #expect(leftovers(dir).isEmpty)
    }

    @Test(arguments: ["../escape.txt", "/etc/evil", "a/../../b", ""])
    func pathsOutsideTheFolderAreRefused(_ path: String) throws {
        let dir = try previous()
        #expect(throws: FileError.self) { try OutputFolder.write([RenderedFile(path: path, text: "x")], to: dir.appendingPathComponent("out").path) }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("escape.txt").path))
        #expect(try String(contentsOf: dir.appendingPathComponent("out/marker.txt"), encoding: .utf8) == "before")
        #expect(leftovers(dir).isEmpty)
    }

    @Test func successReplacesTheWholeFolder() throws {
        let dir = try previous()
        try OutputFolder.write([RenderedFile(path: "new/file.txt", text: "after")], to: dir.appendingPathComponent("out").path)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/marker.txt").path))
        #expect(try String(contentsOf: dir.appendingPathComponent("out/new/file.txt"), encoding: .utf8) == "after")
        #expect(leftovers(dir).isEmpty)
    }

    @Test func singleFileIsReplacedAtomically() throws {
        let dir = try previous()
        let path = dir.appendingPathComponent("p.xml").path
        try OutputFolder.writeFile(Data("one".utf8), to: path)
        try OutputFolder.writeFile(Data("two".utf8), to: path, force: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(leftovers(dir).isEmpty)
    }
}

/// Never delete what Convenor did not write (issue 19): the ownership rule in `OutputFolder.write`.
@Suite("Output folder replaces only Convenor's own output")
struct OutputOwnershipTests {
    func folder() throws -> (dir: URL, out: String) {
        let dir = try TestSupport.temporaryDirectory()
        return (dir, dir.appendingPathComponent("out").path)
    }

    func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    @Test func manifestListsTheFilesDeterministically() throws {
        let (dir, out) = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputFolder.write([RenderedFile(path: "b/two.txt", text: "2"), RenderedFile(path: "a.txt", text: "one")], to: out, writtenBy: "convenor test")
        let manifest = try String(contentsOfFile: out + "/.convenor-manifest.json", encoding: .utf8)
        #expect(manifest == """
        {
          "command" : "convenor test",
          "files" : [
            {
              "bytes" : 3,
              "crc32" : "7a6c86f1",
              "path" : "a.txt"
            },
            {
              "bytes" : 1,
              "crc32" : "1ad5be0d",
              "path" : "b/two.txt"
            }
          ],
          "note" : "Written by Convenor. A later Convenor run replaces this folder only while it holds nothing but the files listed here, unchanged; anything else in it makes Convenor refuse and leave the folder alone."
        }

        """)
    }

    @Test func emptyAndMissingFoldersAndOwnOutputAreReplaced() throws {
        let (dir, out) = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputFolder.write([RenderedFile(path: "a.txt", text: "1")], to: out)
        try OutputFolder.write([RenderedFile(path: "b/c.txt", text: "2")], to: out)
        #expect(names(out) == [".convenor-manifest.json", "b"])
        try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: false)
        try OutputFolder.write([RenderedFile(path: "a.txt", text: "1")], to: dir.path + "/empty")
        // A file browser's .DS_Store is not the user's work.
        try Data("finder".utf8).write(to: URL(fileURLWithPath: out + "/.DS_Store"))
        try OutputFolder.write([RenderedFile(path: "a.txt", text: "1")], to: out)
        #expect(names(out) == [".convenor-manifest.json", "a.txt"])
    }

    @Test("foreign content is refused, first foreign entry named, nothing touched",
          arguments: [("keep.txt", "keep.txt was not written by Convenor"),
                      ("b/extra.txt", "b/extra.txt was not written by Convenor"),
                      ("notes/n.txt", "notes/ was not written by Convenor"),
                      ("a.txt", "a.txt was changed after Convenor wrote it")])
    func foreignContentIsRefused(_ planted: String, _ reason: String) throws {
        let (dir, out) = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputFolder.write([RenderedFile(path: "a.txt", text: "1"), RenderedFile(path: "b/c.txt", text: "2")], to: out)
        let url = URL(fileURLWithPath: out + "/" + planted)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: url)
        let refusal = try #require(throws: OutputRefusal.self) { try OutputFolder.write([RenderedFile(path: "new.txt", text: "x")], to: out) }
        #expect(refusal.description == "\(out): error: [not-convenor-output] refusing to replace \(out): \(out)/\(reason); nothing was changed.")
        #expect(try String(contentsOf: url, encoding: .utf8) == "mine")
        #expect(!FileManager.default.fileExists(atPath: out + "/new.txt"))
        #expect(names(dir.path) == ["out"])
        // --force replaces it.
        try OutputFolder.write([RenderedFile(path: "new.txt", text: "x")], to: out, force: true)
        #expect(names(out) == [".convenor-manifest.json", "new.txt"])
    }

    @Test func unreadableManifestIsRefused() throws {
        let (dir, out) = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputFolder.write([RenderedFile(path: "a.txt", text: "1")], to: out)
        try Data("{".utf8).write(to: URL(fileURLWithPath: out + "/.convenor-manifest.json"))
        let refusal = try #require(throws: OutputRefusal.self) { try OutputFolder.write([], to: out) }
        #expect(refusal.reason.hasSuffix("/.convenor-manifest.json is not a manifest Convenor can read, so the folder may hold files Convenor did not write"))
    }

    @Test("a file added while the output was being written is kept: the folder is checked again after moving it aside")
    func fileAddedDuringTheRunIsKept() throws {
        let (dir, out) = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputFolder.write([RenderedFile(path: "a.txt", text: "1")], to: out)
        try Data("late".utf8).write(to: URL(fileURLWithPath: out + "/late.txt"))
        // The swap alone, as it runs after the first check passed.
        #expect(throws: OutputRefusal.self) { try OutputFolder.replaceFolder([RenderedFile(path: "b.txt", text: "2")], at: out, force: false) }
        #expect(names(out) == [".convenor-manifest.json", "a.txt", "late.txt"])
        #expect(names(dir.path) == ["out"])
    }

    @Test func forceStillRefusesGitRepositoriesAndLinks() throws {
        let (dir, out) = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(atPath: out + "/src/.git", withIntermediateDirectories: true)
        let deep = try #require(throws: OutputRefusal.self) { try OutputFolder.write([], to: out, force: true) }
        #expect(deep.reason == "it holds a git repository (\(out)/src/.git)")
        #expect(deep.code == .protectedFolder && !deep.forceWouldHelp)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link", withDestinationPath: out)
        let link = try #require(throws: OutputRefusal.self) { try OutputFolder.write([], to: dir.path + "/link", force: true) }
        #expect(link.reason == "it is a symbolic link; give the folder itself or a new folder")
        #expect(FileManager.default.fileExists(atPath: out + "/src/.git"))
    }

    @Test("/ and the current folder are protected (checked without writing anything)")
    func rootAndCurrentFolderAreProtected() throws {
        for (path, reason) in [("/", "it is the root folder"), ("/tmp/..", "it is the root folder"),
                               (FileManager.default.currentDirectoryPath, "it is the current folder"),
                               (FileManager.default.currentDirectoryPath + "/..", "it holds the current folder")] {
            let refusal = try #require(throws: OutputRefusal.self) { try OutputOwnership.checkProtected(path, url: URL(fileURLWithPath: path).standardizedFileURL) }
            #expect(refusal.reason == reason && refusal.code == .protectedFolder, "\(path)")
        }
    }

    @Test func singleFilesAreNotReplacedUnlessForced() throws {
        let (dir, _) = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.path + "/p.xml"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: path))
        let refusal = try #require(throws: OutputRefusal.self) {
            try OutputFolder.writeFiles([(dir.path + "/p-contacts.csv", Data("c".utf8)), (path, Data("new".utf8))])
        }
        #expect(refusal.code == .fileExists)
        // Neither file was written: all are checked first.
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/p-contacts.csv"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine")
        try OutputFolder.writeFile(Data("new".utf8), to: path, force: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(throws: OutputRefusal.self) { try OutputFolder.writeFile(Data("x".utf8), to: dir.path, force: true) }
    }

    @Test func newFilesNeverReplaceAFolderThatAppeared() throws {
        let (dir, out) = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: out + "/keep.txt"))
        #expect(throws: FileError.self) { try OutputFolder.replaceFolder([RenderedFile(path: "a", text: "1")], at: out, force: false, mayReplace: false) }
        #expect(names(out) == ["keep.txt"])
    }
}
