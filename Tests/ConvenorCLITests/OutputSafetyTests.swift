import ConvenorCore
import Foundation
import Testing
import ConvenorTestSupport

/// Never delete what Convenor did not write (issue 19), for every command that writes output.
@Suite("Output safety", .serialized)
struct OutputSafetyTests {
    static let foreignAdvice = "Choose a new or empty folder, or add --force to replace the folder and everything in it."
    static let fileAdvice = "Choose a new file name, or add --force to replace the file."
    static let protectedAdvice = "Choose another output path."

    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    @Test("a user's files in the output path survive; exit 73 with a message naming the first of them",
          arguments: Security.outputWriters)
    func foreignFilesSurvive(_ writer: Security.OutputWriter) throws {
        let inputs = try Security.importInputs()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: inputs) }
        if writer.isFile {
            let out = dir.appendingPathComponent("mine.xml").path
            try Data("<mine/>\n".utf8).write(to: URL(fileURLWithPath: out))
            let run = try CLIRunner.run(writer.arguments(inputs, out))
            #expect(run.status == 73, "\(writer): \(run.stderr)")
            #expect(run.stderr.hasSuffix("\(out): error: [file-exists] refusing to replace \(out): the file already exists; nothing was changed. \(Self.fileAdvice)\n"), "\(run.stderr)")
            #expect(read(out) == "<mine/>\n")
            #expect(names(dir.path) == ["mine.xml"], "\(writer) wrote beside the refused file")
            return
        }
        let out = dir.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: out + "/sub", withIntermediateDirectories: true)
        try Data("keep\n".utf8).write(to: URL(fileURLWithPath: out + "/keep.txt"))
        try Data("notes\n".utf8).write(to: URL(fileURLWithPath: out + "/sub/notes.md"))
        let run = try CLIRunner.run(writer.arguments(inputs, out))
        #expect(run.status == 73, "\(writer): \(run.stderr)")
        #expect(run.stderr.hasSuffix("\(out): error: [not-convenor-output] refusing to replace \(out): \(out)/keep.txt was not written by Convenor; nothing was changed. \(Self.foreignAdvice)\n"), "\(run.stderr)")
        #expect(read(out + "/keep.txt") == "keep\n")
        #expect(read(out + "/sub/notes.md") == "notes\n")
        #expect(names(out) == ["keep.txt", "sub"])
        #expect(names(dir.path) == ["out"], "\(writer) left \(names(dir.path))")
    }

    @Test("a second run over Convenor's own output works and gives the same files", arguments: Security.outputWriters)
    func rerunOverOwnOutput(_ writer: Security.OutputWriter) throws {
        let inputs = try Security.importInputs()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: inputs) }
        let out = dir.appendingPathComponent(writer.isFile ? "out.xml" : "out").path
        let first = try CLIRunner.run(writer.arguments(inputs, out))
        #expect(first.status == 0, "\(writer): \(first.stderr)")
        if writer.isFile {
            // A file is only replaced when asked: a portfolio file may be the user's own master copy.
            let again = try CLIRunner.run(writer.arguments(inputs, out))
            #expect(again.status == 73)
            let forced = try CLIRunner.run(writer.arguments(inputs, out) + ["--force"])
            #expect(forced.status == 0, "\(forced.stderr)")
            return
        }
        let before = try Security.tree(URL(fileURLWithPath: out))
        #expect(before[".convenor-manifest.json"] != nil)
        let second = try CLIRunner.run(writer.arguments(inputs, out))
        #expect(second.status == 0, "\(writer): \(second.stderr)")
        let after = try Security.tree(URL(fileURLWithPath: out))
        #expect(before == after, "\(writer): the second run gave different files")
        #expect(Security.debris(in: dir).isEmpty)
    }

    @Test("an output edited by the user is kept: exit 73 naming the edited file")
    func editedOutputIsKept() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("reg").path
        #expect(try CLIRunner.run(["register", Security.exampleCSV, "-o", out]).status == 0)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out + "/register.md"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nMy notes from the meeting.\n".utf8))
        try handle.close()
        let run = try CLIRunner.run(["register", Security.exampleCSV, "-o", out])
        #expect(run.status == 73)
        #expect(run.stderr.hasSuffix("\(out): error: [not-convenor-output] refusing to replace \(out): \(out)/register.md was changed after Convenor wrote it; nothing was changed. \(Self.foreignAdvice)\n"), "\(run.stderr)")
        #expect(read(out + "/register.md")?.hasSuffix("My notes from the meeting.\n") == true)
    }

    @Test("--force replaces a folder of any content", arguments: Security.outputWriters.filter { !$0.isFile })
    func forceReplaces(_ writer: Security.OutputWriter) throws {
        let inputs = try Security.importInputs()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: inputs) }
        let out = dir.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: out + "/old.txt"))
        let run = try CLIRunner.run(writer.arguments(inputs, out) + ["--force"])
        #expect(run.status == 0, "\(writer): \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/old.txt"))
        #expect(FileManager.default.fileExists(atPath: out + "/.convenor-manifest.json"))
    }

    /// A place to run from: `people/home/` (given as HOME), `work/here/` (the current folder), `repo/` (a git
    /// repository), `project/vendor/.git` (one deeper down) and `link` (a symbolic link to an output).
    func protectedLayout() throws -> URL {
        let fm = FileManager.default
        let dir = try CLIRunner.temporaryDirectory()
        for folder in ["people/home/Documents", "work/here", "repo/.git", "project/vendor/.git"] {
            try fm.createDirectory(at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["people/home/Documents/letter.txt", "work/here/plan.txt", "repo/README.md", "project/main.c"] {
            try Data("mine\n".utf8).write(to: dir.appendingPathComponent(file))
        }
        try OutputFolder.write([RenderedFile(path: "a.txt", text: "a")], to: dir.appendingPathComponent("real").path)
        try fm.createSymbolicLink(at: dir.appendingPathComponent("link"), withDestinationURL: dir.appendingPathComponent("real"))
        return dir
    }

    // `/` is checked in OutputOwnershipTests without writing: a broken build must not get to try it for real.
    @Test("--force still refuses the home folder, the current folder and its parents, git repositories and links",
          arguments: [("people/home", "protected-folder", "it is your home folder"), ("people", "protected-folder", "it holds your home folder"),
                      (".", "protected-folder", "it is the current folder"), ("..", "protected-folder", "it holds the current folder"),
                      ("repo", "protected-folder", "it holds a git repository (repo/.git)"),
                      ("project", "protected-folder", "it holds a git repository (project/vendor/.git)"),
                      ("link", "not-a-folder", "it is a symbolic link; give the folder itself or a new folder")])
    func forceRefusesProtectedFolders(_ target: String, _ code: String, _ reason: String) throws {
        let dir = try protectedLayout()
        defer { try? FileManager.default.removeItem(at: dir) }
        let here = dir.appendingPathComponent("work/here")
        // Relative targets are given from work/here, except the ones named from the layout's top.
        let given = [".", ".."].contains(target) ? target : "../../" + target
        let shownReason = reason.replacingOccurrences(of: "(repo/", with: "(../../repo/").replacingOccurrences(of: "(project/", with: "(../../project/")
        let before = try Security.tree(dir)
        let run = try CLIRunner.run(["overlap", Security.exampleCSV, "-o", given, "--force"], in: here,
                                    environment: ["HOME": dir.appendingPathComponent("people/home").path])
        #expect(run.status == 73, "\(target): \(run.stderr)")
        #expect(run.stderr == "\(given): error: [\(code)] refusing to replace \(given): \(shownReason); nothing was changed. \(Self.protectedAdvice)\n")
        #expect(try Security.tree(dir) == before, "\(target): something changed")
        #expect(names(dir.path) == ["link", "people", "project", "real", "repo", "work"])
    }

    @Test("the plugins' default folders convenor-out/<command>/ keep working run after run, side by side")
    func pluginDefaultFolders() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: Security.exampleCSV, toPath: dir.appendingPathComponent("portfolio").path)
        // A file of the user's beside the outputs is no obstacle (the rule is per output folder).
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("convenor-out"), withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: dir.appendingPathComponent("convenor-out/README.md"))
        let runs = [["overlap", "portfolio", "-o", "convenor-out/overlap"],
                    ["register", "portfolio", "-o", "convenor-out/register"],
                    ["pack", "pilot-review", "--portfolio", "portfolio", "-o", "convenor-out/pack/pilot-review"],
                    ["pack", "overlap-walk", "--portfolio", "portfolio", "-o", "convenor-out/pack/overlap-walk"]]
        for round in 1...2 {
            for arguments in runs {
                let run = try CLIRunner.run(arguments, in: dir)
                #expect(run.status == 0, "round \(round), \(arguments): \(run.stderr)")
            }
        }
        #expect(names(dir.appendingPathComponent("convenor-out").path) == ["README.md", "overlap", "pack", "register"])
        #expect(names(dir.appendingPathComponent("convenor-out/pack").path) == ["overlap-walk", "pilot-review"])
        #expect(read(dir.appendingPathComponent("convenor-out/README.md").path) == "mine\n")
        // The parent itself is not Convenor's to replace.
        let whole = try CLIRunner.run(["overlap", "portfolio", "-o", "convenor-out"], in: dir)
        #expect(whole.status == 73)
        #expect(whole.stderr.contains("convenor-out/README.md was not written by Convenor"))
    }

    @Test("init adds files to an existing folder but never replaces one")
    func initNeverReplaces() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("mine\n".utf8).write(to: dir.appendingPathComponent("README.md"))
        let run = try CLIRunner.run(["init", dir.path, "--convenor-url", "https://example.org/convenor.git"])
        #expect(run.status == 74)
        #expect(run.stderr.contains("README.md"))
        #expect(names(dir.path) == ["README.md"])
        #expect(read(dir.appendingPathComponent("README.md").path) == "mine\n")
    }
}
