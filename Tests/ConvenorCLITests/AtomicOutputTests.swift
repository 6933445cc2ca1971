import ConvenorCore
import Foundation
import Testing
import ConvenorTestSupport

/// No data loss (issue 8): a run that fails — bad input, a full disk, Ctrl-C — leaves the previous
/// output exactly as it was and no temporary folder or file behind.
@Suite("Atomic output", .serialized)
struct AtomicOutputTests {
    static let exampleCSV = CLIRunner.root.appendingPathComponent("examples/northbridge/csv").path

    /// A folder holding a previous Convenor output `out/` (with a marker file) and `out.xml`.
    func previousOutput() throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        try OutputFolder.write([RenderedFile(path: "marker.txt", text: "previous run\n")], to: dir.appendingPathComponent("out").path)
        try Data("<previous/>\n".utf8).write(to: dir.appendingPathComponent("out.xml"))
        return dir
    }

    func expectUntouched(_ dir: URL, _ what: String) throws {
        let marker = try? String(contentsOf: dir.appendingPathComponent("out/marker.txt"), encoding: .utf8)
        #expect(marker == "previous run\n", "\(what): the previous output was changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).sorted() == [".convenor-manifest.json", "marker.txt"], "\(what)")
        #expect((try? String(contentsOf: dir.appendingPathComponent("out.xml"), encoding: .utf8)) == "<previous/>\n", "\(what)")
        #expect(Security.debris(in: dir).isEmpty, "\(what): left \(Security.debris(in: dir))")
    }

    @Test("bad input: exit 65, previous output untouched, nothing left behind", arguments: Security.commands.filter { $0.arguments("IN", "OUT").contains("-o") })
    func badInput(_ command: Security.CommandCase) throws {
        let dir = try previousOutput()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = try CLIRunner.temporaryDirectory()
        try Data("name\nX\n".utf8).write(to: broken.appendingPathComponent("place.csv"))
        try Data("id,name,kind,status\na,A,pilott,live\n".utf8).write(to: broken.appendingPathComponent("initiatives.csv"))
        let run = try CLIRunner.run(command.arguments(broken.path, dir.appendingPathComponent("out").path))
        #expect(run.status == 65)
        try expectUntouched(dir, "\(command)")
    }

    /// Runs `arguments` with the largest file it may write capped at `kilobytes` (RLIMIT_FSIZE), the
    /// unprivileged way to make a disk "full": writes past the cap fail with EFBIG.
    func runWithFileSizeLimit(_ kilobytes: Int, _ arguments: [String]) throws -> CLIRunner.Result {
        let quoted = ([CLIRunner.executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(kilobytes * 2); exec " + quoted.joined(separator: " ")]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRunner.Result(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("disk full while writing (file size capped): exit 74 with a message, previous output untouched",
          arguments: [["convert", "OUT"], ["convert", "OUT.xml"], ["overlap", "OUT"], ["register", "OUT"], ["pack", "OUT"], ["demo", "OUT"]])
    func diskFull(_ shape: [String]) throws {
        let dir = try previousOutput()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("out").path + (shape[1].hasSuffix(".xml") ? ".xml" : "")
        // contacts.csv (480 KB) and pairs.csv cannot be written under a 64 KB cap.
        let common: [String]
        switch shape[0] {
        case "pack": common = ["pack", "pilot-review", "--portfolio", Self.exampleCSV, "-o", output]
        case "demo": common = ["demo", "--portfolio", Self.exampleCSV, "-o", output]
        default: common = [shape[0], Self.exampleCSV, "-o", output]
        }
        // out.xml exists (a file of the user's): only --force may replace it.
        let arguments = output.hasSuffix(".xml") ? common + ["--force"] : common
        let run = try runWithFileSizeLimit(64, arguments)
        #expect(run.status == 74, "\(shape): \(run.stderr)")
        #expect(run.stderr.contains("nothing was changed"), "\(run.stderr)")
        try expectUntouched(dir, "\(shape)")
    }

    @Test("an output path that is a file is refused without touching it")
    func outputIsAFile() throws {
        let dir = try previousOutput()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLIRunner.run(["convert", Self.exampleCSV, "-o", dir.appendingPathComponent("out/marker.txt").path])
        #expect(run.status == 73)
        #expect(run.stderr.contains("it exists and is not a folder"))
        try expectUntouched(dir, "file as output")
    }

    // MARK: Ctrl-C during a large run

    /// A large synthetic portfolio (20,000 initiatives, 400,000 households), made once per machine and
    /// generator version: the cache folder's name holds a hash of synth.py and the arguments, and the
    /// folder is generated beside it and renamed into place, so a half-made or stale cache is never used.
    static func largePortfolio() throws -> String {
        let synth = TestSupport.shared.appendingPathComponent("bench/synth.py")
        let arguments = ["--initiatives", "20000", "--households", "400000", "--seed", "1"]
        let script = try Data(contentsOf: synth)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a over the generator and its arguments
        for byte in script + Data(arguments.joined(separator: " ").utf8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("convenor-synth-\(String(hash, radix: 16))")
        if fm.fileExists(atPath: folder.appendingPathComponent("contacts.csv").path) { return folder.path }
        let staging = fm.temporaryDirectory.appendingPathComponent("convenor-synth-staging-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: staging) }
        let made = try Shell.run(["python3", synth.path, staging.path] + arguments)
        try #require(made.status == 0, "synth.py failed: \(made.stderr)")
        do {
            try fm.moveItem(at: staging, to: folder)
        } catch where fm.fileExists(atPath: folder.appendingPathComponent("contacts.csv").path) {
            // Another run made it first.
        }
        return folder.path
    }

    /// Waits until `process` has opened a file under `folder` (Linux: /proc/PID/fd), so a signal sent
    /// next lands while the run is reading, however slow the machine. Returns false if it never did.
    static func waitUntilReading(_ process: Process, under folder: String) -> Bool {
        let fdFolder = "/proc/\(process.processIdentifier)/fd"
        guard FileManager.default.fileExists(atPath: fdFolder) else { Thread.sleep(forTimeInterval: 0.3); return process.isRunning }
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            for fd in (try? FileManager.default.contentsOfDirectory(atPath: fdFolder)) ?? [] {
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fdFolder + "/" + fd), target.hasPrefix(folder) { return true }
            }
            usleep(500)
        }
        return false
    }

    /// Starts `convert` with its stderr in `log` (read it with `tail`).
    func startConvert(_ input: String, to output: String, log: URL) throws -> Process {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["convert", input, "-o", output]
        process.standardOutput = FileHandle.nullDevice
        try Data().write(to: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        return process
    }

    func tail(_ log: URL) -> String {
        String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").filter { !$0.contains("warning:") }.suffix(5).joined(separator: "\n"))
    }

    @Test("Ctrl-C while converting a large portfolio is still reading: previous output untouched, no staging folder left",
          .needs(.sharedBench))
    func interruptEarly() throws {
        let input = try Self.largePortfolio()
        let dir = try previousOutput()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("stderr.log")
        let process = try startConvert(input, to: dir.appendingPathComponent("out").path, log: log)
        #expect(Self.waitUntilReading(process, under: input), "convert never opened the input: \(tail(log))")
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT,
                "convert did not end by the interrupt (status \(process.terminationStatus)): \(tail(log))")
        try FileManager.default.removeItem(at: log)
        try expectUntouched(dir, "Ctrl-C while reading")
    }

    @Test("Ctrl-C while the output is being written: previous output untouched, staging folder removed",
          .needs(.sharedBench))
    func interruptWhileWriting() throws {
        let input = try Self.largePortfolio()
        let dir = try previousOutput()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("stderr.log")
        let process = try startConvert(input, to: dir.appendingPathComponent("out").path, log: log)
        defer { try? FileManager.default.removeItem(at: log) }
        // Wait for the hidden staging folder to appear, then interrupt.
        var sawStaging = false
        let deadline = Date().addingTimeInterval(900)
        while process.isRunning && Date() < deadline {
            if !Security.debris(in: dir).isEmpty { sawStaging = true; break }
            usleep(1_000)
        }
        process.interrupt()
        process.waitUntilExit()
        #expect(sawStaging, "never saw the staging folder (status \(process.terminationStatus)): \(tail(log))")
        if process.terminationReason == .uncaughtSignal {
            try FileManager.default.removeItem(at: log)
            try expectUntouched(dir, "Ctrl-C while writing")
        } else {
            // The rename won the race: the new output must then be complete.
            #expect(process.terminationStatus == 0, "\(tail(log))")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/contacts.csv").path))
            #expect(Security.debris(in: dir).isEmpty)
        }
    }
}
