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

        func run() throws {
            try reportingErrors {
                let loaded = try PortfolioLoader.load(portfolio.input)
                let asOf = try options.date(for: loaded)
                Terminal.printDiagnostics(loaded.diagnostics)
                let settings = try options.settings(input: portfolio.input)
                let register = RegisterEngine(settings: settings, overlap: overlapFacts(for: loaded.portfolio)).run(loaded.portfolio, asOf: asOf)
                try OutputFolder.write(try RegisterRenderer.render(register, portfolio: loaded.portfolio), to: output,
                                       writtenBy: "convenor register", force: safety.force)
                let s = register.summary
                let counts = ConvenorCore.Recommendation.allCases.map { "\(s.counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
                var line = "\(register.place), as of \(asOf.iso): \(register.entries.count) initiatives — \(counts); start:stop \(s.startStopRatio)"
                if !register.overlapRulesRun { line += "; overlap rules not run" }
                Terminal.writeStdout(line + "\nWrote \(output)/register.{csv,md,json,html,xlsx} and timeline.svg\n")
            }
        }
    }
}
