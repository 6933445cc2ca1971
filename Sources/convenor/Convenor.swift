import ArgumentParser
import ConvenorCore
import Foundation

@main
struct Convenor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convenor",
        abstract: "Maps overlapping initiatives, keeps a stop/start register of pilots and builds workshop packs for a place.",
        discussion: """
        INPUT is a portfolio: a .xml file, a folder of CSV files (place.csv, initiatives.csv, …), or an .xlsx
        workbook with a sheet per table (place, initiatives, …).
        Exit codes: \(ExitStatus.summary).
        With --diagnostics-format json (anywhere on the line, for tools such as the SwiftPM plugins), every \
        diagnostic is one line of JSON on stderr ({"severity", "code", "message", "file", "line", "column", "field"}) \
        and the last line says how the run ended: {"exit": 65, "meaning": "…"}.
        """,
        version: ConvenorVersion.current,
        subcommands: [
            Validate.self,
            Convert.self,
            Overlap.self,
            Register.self,
            Check.self,
            Diff.self,
            Decide.self,
            Scenario.self,
            Pack.self,
            Workshops.self,
            Import.self,
            Init.self,
            Demo.self,
            Live.self,
        ]
    )

    /// Parses and runs the command line, first taking out `--diagnostics-format`, which applies to every command.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        // Phase wall times on stderr, for profiling (not a documented option: see Benchmarks/RESULTS.md).
        if ProcessInfo.processInfo.environment["CONVENOR_TRACE"] == "1" { PhaseTrace.begin() }
        do {
            Terminal.diagnosticsFormat = try DiagnosticsFormat.take(from: &arguments)
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let status = exitCode(for: error).rawValue
            guard Terminal.diagnosticsFormat == .json, status != 0 else { exit(withError: error) }
            // Errors a command reports itself end in ExitCode; the rest (usage errors) are said here.
            if !(error is ExitCode) { Terminal.printUsageError(message(for: error)) }
            Terminal.finish(status: status)
            Foundation.exit(status)
        }
        Terminal.finish(status: 0)
        if PhaseTrace.enabled { PhaseTrace.report("whole run, until exit", from: PhaseTrace.startedAt) }
    }
}
