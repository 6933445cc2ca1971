import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Checks a portfolio: schema, references and dates. Reports every problem at once.",
            discussion: "Problems are printed as file:line:column: error: [code] message. Exit 0 when there are no errors, 65 when there are."
        )

        @OptionGroup var portfolio: PortfolioInput

        @Option(help: "How to print the result.")
        var format: TextOrJSON = .text

        func run() throws {
            try reportingErrors {
                let result = try PortfolioLoader.read(portfolio.input)
                let diagnostics = result.diagnostics
                switch format {
                case .text:
                    Terminal.printDiagnostics(diagnostics)
                    Terminal.writeStdout(summary(result) + "\n")
                case .json:
                    Terminal.writeStdout(try json(result))
                }
                // Freeing the portfolio took 50–100 ms at region scale: it is let go on another thread
                // while the process ends.
                ReleaseInBackground.release(consume result)
                if diagnostics.hasErrors { throw ExitCode.badInput }
            }
        }

        func summary(_ result: PortfolioReadResult) -> String {
            let counts = Terminal.summaryLine(result.diagnostics)
            guard let p = result.loaded?.portfolio else { return "\(portfolio.input): not a usable portfolio — \(counts)" }
            var parts = ["\(p.initiatives.count) initiative\(p.initiatives.count == 1 ? "" : "s")",
                         "\(p.neighbourhoods.count) neighbourhood\(p.neighbourhoods.count == 1 ? "" : "s")",
                         "\(p.teams.count) team\(p.teams.count == 1 ? "" : "s")"]
            if !p.contacts.isEmpty { parts.append("\(Format.count(p.contacts.count)) household contacts") }
            return "\(p.place.name): \(parts.joined(separator: ", ")) — \(counts)"
        }

        func json(_ result: PortfolioReadResult) throws -> String {
            struct Report: Encodable {
                var input: String
                var place: String?
                var initiatives: Int?
                var neighbourhoods: Int?
                var teams: Int?
                var contacts: Int?
                var errors: Int
                var warnings: Int
                var diagnostics: [Diagnostic]
            }
            let p = result.loaded?.portfolio
            let report = Report(input: portfolio.input, place: p?.place.name, initiatives: p?.initiatives.count,
                                neighbourhoods: p?.neighbourhoods.count, teams: p?.teams.count, contacts: p?.contacts.count,
                                errors: result.diagnostics.errorCount, warnings: result.diagnostics.warningCount,
                                diagnostics: result.diagnostics)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        }
    }
}
