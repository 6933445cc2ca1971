import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite("Output folder is written atomically")
struct OutputFolderTests {
    func previous() throws -> URL {
        let dir = try TestSupport.temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("before".utf8).write(to: out.appendingPathComponent("marker.txt"))
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
        try OutputFolder.writeFile(Data("two".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(leftovers(dir).isEmpty)
    }
}
