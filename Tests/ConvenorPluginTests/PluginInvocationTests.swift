import Foundation
import Testing

// PluginInvocation.swift here is a symlink to Plugins/ConvenorPluginShared/PluginInvocation.swift:
// these tests compile exactly the code every command plugin runs.

@Suite struct PluginInvocationPlanTests {
    let root = "/repo/office"
    /// Every run asks the tool for JSON diagnostics.
    let json = ["--diagnostics-format", "json"]

    func plan(_ verb: ConvenorVerb, _ arguments: [String], files: Set<String> = ["portfolio"]) throws -> PluginInvocation {
        try PluginInvocation.plan(verb, arguments: arguments, packageDirectory: root) { files.contains($0) }
    }

    @Test func defaultsInputAndOutput() throws {
        #expect(try plan(.overlap, []) == .run(toolArguments: json + ["overlap", "portfolio", "-o", "convenor-out/overlap"],
                                              outputFolder: "convenor-out/overlap"))
        #expect(try plan(.register, ["--as-of", "2026-12-01"])
                == .run(toolArguments: json + ["register", "portfolio", "--as-of", "2026-12-01", "-o", "convenor-out/register"],
                        outputFolder: "convenor-out/register"))
    }

    @Test func checkAndValidateWriteNothing() throws {
        #expect(try plan(.check, ["--format", "github", "--strict"])
                == .run(toolArguments: json + ["check", "portfolio", "--format", "github", "--strict"], outputFolder: nil))
        #expect(try plan(.validate, []) == .run(toolArguments: json + ["validate", "portfolio"], outputFolder: nil))
    }

    @Test func prefersTheFolderThenTheXMLFile() throws {
        #expect(try plan(.validate, [], files: ["portfolio.xml"]) == .run(toolArguments: ["--diagnostics-format", "json", "validate", "portfolio.xml"], outputFolder: nil))
        #expect(try plan(.validate, [], files: ["portfolio", "portfolio.xml"]) == .run(toolArguments: json + ["validate", "portfolio"], outputFolder: nil))
    }

    @Test func anExplicitInputComesFirstAndIsKept() throws {
        #expect(try plan(.check, ["other/portfolio.xml", "--format", "json"], files: [])
                == .run(toolArguments: json + ["check", "other/portfolio.xml", "--format", "json"], outputFolder: nil))
    }

    @Test func anExplicitOutputIsKept() throws {
        #expect(try plan(.overlap, ["-o", "reports/overlap"]) == .run(toolArguments: json + ["overlap", "portfolio", "-o", "reports/overlap"], outputFolder: nil))
        #expect(try plan(.overlap, ["--output=out"]) == .run(toolArguments: json + ["overlap", "portfolio", "--output=out"], outputFolder: nil))
    }

    @Test func packTakesThePortfolioAsAnOptionAndWritesOneFolderPerWorkshop() throws {
        #expect(try plan(.pack, ["pilot-review", "--start", "09:30"])
                == .run(toolArguments: json + ["pack", "pilot-review", "--start", "09:30", "--portfolio", "portfolio", "-o", "convenor-out/pack/pilot-review"],
                        outputFolder: "convenor-out/pack/pilot-review"))
        #expect(try plan(.pack, ["overlap-walk", "--portfolio", "p.xml"], files: [])
                == .run(toolArguments: json + ["pack", "overlap-walk", "--portfolio", "p.xml", "-o", "convenor-out/pack/overlap-walk"],
                        outputFolder: "convenor-out/pack/overlap-walk"))
    }

    @Test func helpAsksTheToolForItsHelp() throws {
        #expect(try plan(.register, ["--as-of", "x", "--help"], files: []) == .help(toolArguments: ["register", "--help"]))
        #expect(try plan(.pack, ["-h"], files: []) == .help(toolArguments: ["pack", "--help"]))
        let help = PluginInvocation.pluginHelp(.overlap)
        #expect(help.contains("swift package --allow-writing-to-package-directory convenor-overlap [arguments]"))
        #expect(help.contains("convenor-out/overlap/"))
        #expect(!PluginInvocation.pluginHelp(.check).contains("allow-writing"))
    }

    @Test func noPortfolioNamesBothDefaultsAndHowToNameOne() {
        #expect(throws: PluginFailure(description: "no portfolio found in /repo/office: looked for portfolio/ (a folder of CSV files), portfolio.xml and portfolio.xlsx. "
                                      + "Create one of them (convenor init writes a starter portfolio/), or name the portfolio: swift package convenor-check PATH")) {
            try plan(.check, [], files: [])
        }
        #expect(throws: PluginFailure.noPortfolio(verb: .pack, packageDirectory: root)) { try plan(.pack, ["pilot-review"], files: []) }
        #expect(PluginFailure.noPortfolio(verb: .pack, packageDirectory: root).description.hasSuffix("swift package convenor-pack WORKSHOP --portfolio PATH"))
    }

    @Test func toolFailureSaysWhatTheToolSaidItsExitCodeMeans() {
        #expect(PluginFailure.toolFailed(verb: .check, status: 1, meaning: "the check found problems that fail the build", errors: 2).description
                == "convenor check failed with exit code 1: the check found problems that fail the build (2 errors above)")
        #expect(PluginFailure.toolFailed(verb: .overlap, status: 139, meaning: nil, errors: 0).description
                == "convenor overlap failed with exit code 139: it stopped without saying why")
    }
}

@Suite struct ToolLineTests {
    @Test func diagnosticsAreReadFromJSON() {
        #expect(ToolLine.read(#"{"code":"bad-date","column":22,"file":"portfolio/initiatives.csv","line":3,"message":"review-date is not a date","severity":"error"}"#)
                == .diagnostic(ToolDiagnostic(severity: .error, code: "bad-date", message: "review-date is not a date",
                                              file: "portfolio/initiatives.csv", line: 3, column: 22)))
        #expect(ToolLine.read(#"{"message":"exists and is not a folder","severity":"warning","file":"out"}"#)
                == .diagnostic(ToolDiagnostic(severity: .warning, message: "exists and is not a folder", file: "out")))
    }

    @Test func theLastLineSaysHowTheRunEnded() {
        #expect(ToolLine.read(#"{"exit":65,"meaning":"the portfolio has errors that must be fixed first"}"#)
                == .ended(status: 65, meaning: "the portfolio has errors that must be fixed first"))
    }

    @Test func theDefaultWorkbook() throws {
        let onlyWorkbook = try PluginInvocation.plan(.validate, arguments: [], packageDirectory: "/repo") { $0 == "portfolio.xlsx" }
        #expect(onlyWorkbook == .run(toolArguments: ["--diagnostics-format", "json", "validate", "portfolio.xlsx"], outputFolder: nil))
        let both = try PluginInvocation.plan(.validate, arguments: [], packageDirectory: "/repo") { ["portfolio.xml", "portfolio.xlsx"].contains($0) }
        #expect(both == .run(toolArguments: ["--diagnostics-format", "json", "validate", "portfolio.xml"], outputFolder: nil))
    }

    @Test func otherLinesAreText() {
        #expect(ToolLine.read("Calderbrook: 5 initiatives — 0 errors, 0 warnings") == .text("Calderbrook: 5 initiatives — 0 errors, 0 warnings"))
        #expect(ToolLine.read("portfolio.xml:40: warning: [funding-cliff] looks like a diagnostic but is text") == .text("portfolio.xml:40: warning: [funding-cliff] looks like a diagnostic but is text"))
        #expect(ToolLine.read("{not json") == .text("{not json"))
        #expect(ToolLine.read(#"{"unrelated":true}"#) == .text(#"{"unrelated":true}"#))
    }

    @Test func theLogLineIsCompilerStyle() {
        #expect(ToolDiagnostic(severity: .error, code: "review-overdue", message: "m", file: "portfolio/initiatives.csv", line: 2, column: 5).compilerStyle
                == "portfolio/initiatives.csv:2:5: error: [review-overdue] m")
        #expect(ToolDiagnostic(severity: .warning, message: "m", file: "p.xml", line: 7).compilerStyle == "p.xml:7: warning: m")
        #expect(ToolDiagnostic(severity: .error, code: "usage", message: "m").compilerStyle == "error: [usage] m")
    }

    @Test func relativeFilesAreResolvedAgainstThePackageRoot() {
        let d = ToolDiagnostic(severity: .error, message: "m", file: "portfolio/place.csv", line: 2)
        #expect(d.absoluteFile(packageDirectory: "/repo") == "/repo/portfolio/place.csv")
        #expect(ToolDiagnostic(severity: .error, message: "m", file: "/abs/p.xml").absoluteFile(packageDirectory: "/repo") == "/abs/p.xml")
        #expect(ToolDiagnostic(severity: .error, message: "m").absoluteFile(packageDirectory: "/repo") == nil)
    }
}

/// The contract between the tool and the plugins, end to end: the real `convenor` writes, the plugins' reader reads.
@Suite struct ToolJSONContractTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("convenor")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/convenor")
    }

    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, lines: [ToolLine]) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).split(separator: "\n").map(ToolLine.read))
    }

    @Test func anOverdueReviewComesBackAsADiagnosticAndTheMeaningOfExit1() throws {
        let office = Self.root.appendingPathComponent("examples/programme-office")
        let (status, lines) = try Self.run(PluginInvocation.diagnosticsArguments + ["check", "portfolio"], in: office)
        #expect(status == 1)
        let diagnostics = lines.compactMap { if case .diagnostic(let d) = $0 { d } else { nil } }
        #expect(diagnostics.contains { $0.code == "review-overdue" && $0.file == "portfolio/initiatives.csv" && $0.line == 2 && $0.severity == .error })
        #expect(lines.last == .ended(status: 1, meaning: "the check found problems that fail the build"))
    }

    @Test func badInputAndUsageErrorsSayWhatTheyMean() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convenor-plugin-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("<portfolio/>".utf8).write(to: dir.appendingPathComponent("p.xml"))
        let bad = try Self.run(PluginInvocation.diagnosticsArguments + ["validate", "p.xml"], in: dir)
        #expect(bad.status == 65)
        #expect(bad.lines.contains { if case .diagnostic(let d) = $0 { d.severity == .error && d.file == "p.xml" } else { false } })
        #expect(bad.lines.last == .ended(status: 65, meaning: "the portfolio has errors that must be fixed first"))

        let usage = try Self.run(PluginInvocation.diagnosticsArguments + ["overlap", "p.xml", "--no-such-option"], in: dir)
        #expect(usage.status == 64)
        #expect(usage.lines.contains { if case .diagnostic(let d) = $0 { d.code == "usage" } else { false } })
        #expect(usage.lines.last == .ended(status: 64, meaning: "the command line was not understood; see --help"))
    }
}
