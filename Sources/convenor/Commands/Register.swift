import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Writes the pilot stop/start register: one recommended decision per initiative, with reasons.",
            discussion: """
            Writes register.csv, register.md, register.json, register.html, register.xlsx and timeline.svg into the output folder \
            (replaced only when everything is written, and only if it is empty or an earlier Convenor output). Thresholds and severities come from convenor.rules.xml next to the portfolio, \
            or --rules (see schemas/rules.xsd).
            """
        )

        @OptionGroup var portfolio: PortfolioInput

        @Option(name: .shortAndLong, help: ArgumentHelp("The output folder.", valueName: "dir"))
        var output: String

        @OptionGroup var safety: ForceOption

        @OptionGroup var options: RegisterOptions

        @OptionGroup var templates: TemplatesOption

        func run() throws {
            try reportingErrors {
                let result = try Workflows.register(portfolioAt: portfolio.input, settings: try options.settings(input: portfolio.input),
                                                    asOf: options.asOf.flatMap { CalendarDate(iso: $0) }, templates: templates.source)
                Terminal.printDiagnostics(result.diagnostics)
                try OutputFolder.write(result.files, to: output, writtenBy: "convenor register", force: safety.force)
                Terminal.writeStdout(result.summary.joined(separator: "\n") + "\nWrote \(output)/register.{csv,md,json,html,xlsx}, register-wall.html (A3) and timeline.svg\n")
            }
        }
    }
}
