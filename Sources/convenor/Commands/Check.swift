import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The CI gate: fails when a decision is overdue (and on warnings with --strict).",
            discussion: """
            Prints each finding as file:line:column: error: [rule] initiative: reason, pointing at the initiative in the XML file \
            or its row in initiatives.csv. Exit 0 when there are no errors, 1 when there are (or warnings with --strict), \
            65 when the portfolio cannot be read, 74 when a file cannot be opened.
            """
        )

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, github, json }

        @OptionGroup var portfolio: PortfolioInput

        @Option(help: "How to print the findings: text (compiler style), github (workflow annotations) or json.")
        var format: OutputFormat = .text

        @Flag(help: "Fail on warnings too.")
        var strict = false

        @OptionGroup var options: RegisterOptions

        func run() throws {
            try reportingErrors {
                let loaded = try PortfolioLoader.load(portfolio.input)
                let settings = try options.settings(input: portfolio.input)
                let asOf = try options.date(for: loaded)
                let register = try Workflows.Analysis(loaded, asOf: asOf, settings: settings).register
                let diagnostics = (loaded.diagnostics + RegisterDiagnostics.diagnostics(for: register, in: loaded)).sortedByLocation()
                let failed = diagnostics.hasErrors || (strict && diagnostics.warningCount > 0)
                let verdict = failed ? "check failed" : "check passed"
                let skipped = register.overlapRulesRun ? "" : " (overlap rules not run)"
                switch format {
                case .text:
                    Terminal.printFindings(diagnostics)
                    Terminal.writeStdout("\(register.place), as of \(asOf.iso): \(Terminal.summaryLine(diagnostics)) — \(verdict)\(skipped)\n")
                case .github:
                    Terminal.writeStdout(diagnostics.map { RegisterDiagnostics.githubAnnotation($0) + "\n" }.joined())
                    Terminal.writeStdout("\(register.place), as of \(asOf.iso): \(Terminal.summaryLine(diagnostics)) — \(verdict)\(skipped)\n")
                case .json:
                    struct Report: Encodable {
                        var input: String, place: String, asOf: String
                        var strict: Bool, passed: Bool, overlapRulesRun: Bool
                        var errors: Int, warnings: Int
                        var diagnostics: [Diagnostic]
                    }
                    let report = Report(input: portfolio.input, place: register.place, asOf: asOf.iso, strict: strict, passed: !failed,
                                        overlapRulesRun: register.overlapRulesRun, errors: diagnostics.errorCount,
                                        warnings: diagnostics.warningCount, diagnostics: diagnostics)
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    Terminal.writeStdout(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
                }
                if failed { throw ExitCode.checkFailed }
            }
        }
    }
}
