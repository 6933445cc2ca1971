import Foundation
import Testing

// PluginInvocation.swift here is a symlink to Plugins/ConvenorPluginShared/PluginInvocation.swift:
// these tests compile exactly the code every command plugin runs.

@Suite struct PluginInvocationPlanTests {
    let root = "/repo/office"

    func plan(_ verb: ConvenorVerb, _ arguments: [String], files: Set<String> = ["portfolio"]) throws -> PluginInvocation {
        try PluginInvocation.plan(verb, arguments: arguments, packageDirectory: root) { files.contains($0) }
    }

    @Test func defaultsInputAndOutput() throws {
        #expect(try plan(.overlap, []) == .run(toolArguments: ["overlap", "portfolio", "-o", "convenor-out/overlap"],
                                              outputFolder: "convenor-out/overlap"))
        #expect(try plan(.register, ["--as-of", "2026-12-01"])
                == .run(toolArguments: ["register", "portfolio", "--as-of", "2026-12-01", "-o", "convenor-out/register"],
                        outputFolder: "convenor-out/register"))
    }

    @Test func checkAndValidateWriteNothing() throws {
        #expect(try plan(.check, ["--format", "github", "--strict"])
                == .run(toolArguments: ["check", "portfolio", "--format", "github", "--strict"], outputFolder: nil))
        #expect(try plan(.validate, []) == .run(toolArguments: ["validate", "portfolio"], outputFolder: nil))
    }

    @Test func prefersTheFolderThenTheXMLFile() throws {
        #expect(try plan(.validate, [], files: ["portfolio.xml"]) == .run(toolArguments: ["validate", "portfolio.xml"], outputFolder: nil))
        #expect(try plan(.validate, [], files: ["portfolio", "portfolio.xml"]) == .run(toolArguments: ["validate", "portfolio"], outputFolder: nil))
    }

    @Test func anExplicitInputComesFirstAndIsKept() throws {
        #expect(try plan(.check, ["other/portfolio.xml", "--format", "json"], files: [])
                == .run(toolArguments: ["check", "other/portfolio.xml", "--format", "json"], outputFolder: nil))
    }

    @Test func anExplicitOutputIsKept() throws {
        #expect(try plan(.overlap, ["-o", "reports/overlap"]) == .run(toolArguments: ["overlap", "portfolio", "-o", "reports/overlap"], outputFolder: nil))
        #expect(try plan(.overlap, ["--output=out"]) == .run(toolArguments: ["overlap", "portfolio", "--output=out"], outputFolder: nil))
    }

    @Test func packTakesThePortfolioAsAnOptionAndWritesOneFolderPerWorkshop() throws {
        #expect(try plan(.pack, ["pilot-review", "--start", "09:30"])
                == .run(toolArguments: ["pack", "pilot-review", "--start", "09:30", "--portfolio", "portfolio", "-o", "convenor-out/pack/pilot-review"],
                        outputFolder: "convenor-out/pack/pilot-review"))
        #expect(try plan(.pack, ["overlap-walk", "--portfolio", "p.xml"], files: [])
                == .run(toolArguments: ["pack", "overlap-walk", "--portfolio", "p.xml", "-o", "convenor-out/pack/overlap-walk"],
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

    @Test func toolFailureSaysWhatTheExitCodeMeans() {
        #expect(PluginFailure.toolFailed(verb: .check, status: 1, errors: 2).description
                == "convenor check failed with exit code 1: the check found problems that fail the build (2 errors above)")
        #expect(PluginFailure.toolFailed(verb: .overlap, status: 64, errors: 0).description
                == "convenor overlap failed with exit code 64: the command line was not understood; see swift package convenor-overlap --help")
    }
}

@Suite struct ToolDiagnosticParsingTests {
    @Test func fileLineColumn() {
        #expect(ToolDiagnostic.parse("portfolio/initiatives.csv:3:22: error: [bad-date] review-date 'soon' is not a date")
                == ToolDiagnostic(severity: .error, file: "portfolio/initiatives.csv", line: 3, column: 22,
                                  message: "[bad-date] review-date 'soon' is not a date"))
    }

    @Test func fileLineWarningAndNote() {
        #expect(ToolDiagnostic.parse("portfolio.xml:40: warning: [funding-cliff] funding ends 2027-03-31")
                == ToolDiagnostic(severity: .warning, file: "portfolio.xml", line: 40, message: "[funding-cliff] funding ends 2027-03-31"))
        #expect(ToolDiagnostic.parse("portfolio.xml:7:0: note: see here")
                == ToolDiagnostic(severity: .note, file: "portfolio.xml", line: 7, message: "see here"))
    }

    @Test func workbookCellsAndTheDefaultWorkbook() throws {
        let d = ToolDiagnostic.parse("portfolio.xlsx[initiatives]:5:3 (C): error: [bad-value] initiative 'i1': kind 'pilott' is not a kind")
        #expect(d == ToolDiagnostic(severity: .error, file: "portfolio.xlsx[initiatives]", line: 5, column: 3,
                                    message: "[bad-value] initiative 'i1': kind 'pilott' is not a kind"))
        #expect(d?.absoluteFile(packageDirectory: "/repo") == "/repo/portfolio.xlsx")
        #expect(ToolDiagnostic.parse("portfolio.xlsx: warning: [unknown-sheet] the workbook has a sheet 'Notes'")?.file == "portfolio.xlsx")
        let onlyWorkbook = try PluginInvocation.plan(.validate, arguments: [], packageDirectory: "/repo") { $0 == "portfolio.xlsx" }
        #expect(onlyWorkbook == .run(toolArguments: ["validate", "portfolio.xlsx"], outputFolder: nil))
        let both = try PluginInvocation.plan(.validate, arguments: [], packageDirectory: "/repo") { ["portfolio.xml", "portfolio.xlsx"].contains($0) }
        #expect(both == .run(toolArguments: ["validate", "portfolio.xml"], outputFolder: nil))
    }

    @Test func fileOnlyAndNoLocation() {
        #expect(ToolDiagnostic.parse("out: error: exists and is not a folder; choose another output path")
                == ToolDiagnostic(severity: .error, file: "out", message: "exists and is not a folder; choose another output path"))
        #expect(ToolDiagnostic.parse("error: [missing-file] place.csv is missing")
                == ToolDiagnostic(severity: .error, message: "[missing-file] place.csv is missing"))
    }

    @Test func theFirstSeverityMarkerEndsTheLocation() {
        #expect(ToolDiagnostic.parse("a.csv:2:5: error: [bad-value] 'x: warning: y' is not a kind")
                == ToolDiagnostic(severity: .error, file: "a.csv", line: 2, column: 5, message: "[bad-value] 'x: warning: y' is not a kind"))
    }

    @Test func ordinaryLinesAreNotDiagnostics() {
        #expect(ToolDiagnostic.parse("Calderbrook: 5 initiatives, 4 neighbourhoods, 5 teams — 0 errors, 0 warnings") == nil)
        #expect(ToolDiagnostic.parse("1 error, 0 warnings") == nil)
        #expect(ToolDiagnostic.parse("Found 2 problems: error: see above") == nil)
        #expect(ToolDiagnostic.parse("") == nil)
    }

    @Test func relativeFilesAreResolvedAgainstThePackageRoot() {
        let d = ToolDiagnostic(severity: .error, file: "portfolio/place.csv", line: 2, message: "m")
        #expect(d.absoluteFile(packageDirectory: "/repo/office") == "/repo/office/portfolio/place.csv")
        #expect(ToolDiagnostic(severity: .error, file: "/abs/p.xml", message: "m").absoluteFile(packageDirectory: "/repo") == "/abs/p.xml")
        #expect(ToolDiagnostic(severity: .error, message: "m").absoluteFile(packageDirectory: "/repo") == nil)
    }
}
