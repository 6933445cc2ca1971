import Foundation
import Testing
import ConvenorTestSupport

/// Same input, same bytes (issue 8): every command run twice gives identical outputs, and commands
/// that analyse give identical outputs when the CSV rows come in another order.
@Suite("Determinism", .serialized)
struct DeterminismTests {
    static let exampleCSV = CLIRunner.root.appendingPathComponent("examples/northbridge/csv").path
    static let exampleXML = CLIRunner.root.appendingPathComponent("examples/northbridge/portfolio.xml").path

    /// Runs a command with its output in a fresh folder; returns the files and stdout with the folder's path taken out.
    func run(_ command: Security.CommandCase, input: String) throws -> (files: [String: Data], stdout: String, stderr: String) {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLIRunner.run(command.arguments(input, dir.appendingPathComponent("out").path))
        #expect(command.exitCodes.contains(result.status), "\(command): \(result.stderr)")
        let strip = { (s: String) in s.replacingOccurrences(of: dir.path, with: "OUT").replacingOccurrences(of: input, with: "IN") }
        return (try Security.tree(dir), strip(result.stdout), strip(result.stderr))
    }

    func expectSame(_ a: (files: [String: Data], stdout: String, stderr: String), _ b: (files: [String: Data], stdout: String, stderr: String), _ what: String) {
        #expect(a.files.keys.sorted() == b.files.keys.sorted(), "\(what): different files")
        for name in a.files.keys.sorted() where a.files[name] != b.files[name] {
            Issue.record("\(what): \(name) differs (\(a.files[name]?.count ?? 0) vs \(b.files[name]?.count ?? 0) bytes)")
        }
        #expect(a.stdout == b.stdout, "\(what): stdout differs")
        #expect(a.stderr == b.stderr, "\(what): stderr differs")
    }

    @Test("twice on the same input: byte-identical outputs", arguments: Security.commands)
    func twice(_ command: Security.CommandCase) throws {
        for input in [Self.exampleXML, Self.exampleCSV] {
            let first = try run(command, input: input)
            let second = try run(command, input: input)
            expectSame(first, second, "\(command) on \(input)")
            #expect(!first.files.isEmpty || !command.arguments("IN", "OUT").contains("-o"))
        }
    }

    @Test("rows in another order: byte-identical outputs", arguments: Security.commands.filter(\.orderIndependent))
    func shuffledRows(_ command: Security.CommandCase) throws {
        let original = try run(command, input: Self.exampleCSV)
        for seed in [1, 2] as [UInt64] {
            let shuffled = try Security.shuffledCopy(of: Self.exampleCSV, seed: seed)
            let again = try run(command, input: shuffled)
            if command.namesSourceLines {
                #expect(Self.findings(original.stdout) == Self.findings(again.stdout), "\(command) with rows shuffled (seed \(seed)): different findings")
                #expect(original.stderr == again.stderr)
            } else {
                expectSame(original, again, "\(command) with rows shuffled (seed \(seed))")
            }
        }
    }

    /// Output lines with source locations taken out, sorted: what was found, not where.
    static func findings(_ text: String) -> [String] {
        let patterns = [#"IN/[A-Za-z.-]+(:\d+)+"#, #"line=\d+,col=\d+"#, #""(line|column)"\s*:\s*\d+"#, #"line \d+"#]
        var t = text
        for p in patterns { t = t.replacingOccurrences(of: p, with: "", options: .regularExpression) }
        return t.split(separator: "\n").map(String.init).sorted()
    }

    @Test("the shuffle really reorders rows and keeps every record")
    func shuffleChangesOrder() throws {
        let shuffled = try Security.shuffledCopy(of: Self.exampleCSV, seed: 1)
        let a = try String(contentsOfFile: Self.exampleCSV + "/initiatives.csv", encoding: .utf8)
        let b = try String(contentsOfFile: shuffled + "/initiatives.csv", encoding: .utf8)
        #expect(a != b)
        #expect(Security.csvRecords(a).sorted() == Security.csvRecords(b).sorted())
    }

    @Test("zip packages carry fixed timestamps")
    func zipTimestampsAreFixed() throws {
        let first = try ConvenorCoreZip.archive(["a.txt": "x"])
        Thread.sleep(forTimeInterval: 2.1) // the zip clock has 2-second resolution
        let second = try ConvenorCoreZip.archive(["a.txt": "x"])
        #expect(first == second)
    }
}

import ConvenorCore

enum ConvenorCoreZip {
    static func archive(_ files: [String: String]) throws -> Data {
        try ZipPackage.archive(files.sorted { $0.key < $1.key }.map { RenderedFile(path: $0.key, text: $0.value) })
    }
}
