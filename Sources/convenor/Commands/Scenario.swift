import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Scenario: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows what a set of stops and merges would change, before anyone agrees to it.",
            discussion: """
            A stopped initiative ends and its contacts are taken out (the same period without it). A merged
            initiative (--merge ID=LEAD) ends; its contacts become the lead's, and as the group is then one front
            door, a household the group had already assessed is not assessed again. Every other figure is the
            overlap map's, computed on the changed portfolio.

            Writes OUTPUT/scenario.json (`before` and `after` with the overlap summary keys, front doors and teams
            per neighbourhood; `changes` with the funding freed and re-planned, repeated assessments avoided and
            households meeting fewer front doors), scenario.md and scenario.html. OUTPUT is replaced only when
            everything is written. A plan that cannot apply (unknown ids, a merge into itself, into a stopped
            initiative, chains of merges) is refused (exit 65).
            """
        )

        @OptionGroup var portfolio: PortfolioInput

        @Option(name: .customLong("stop"), help: ArgumentHelp("An initiative to stop (repeat for more).", valueName: "id"))
        var stops: [String] = []

        @Option(name: .customLong("merge"), help: ArgumentHelp("An initiative to merge into a lead, as ID=LEAD (repeat for more).", valueName: "id=lead"))
        var merges: [String] = []

        @Option(help: ArgumentHelp("A rules file for the register counts before and after. Default: convenor.rules.xml next to the portfolio, if there is one.", valueName: "file"))
        var rules: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the scenario into.", valueName: "output"))
        var output: String

        @OptionGroup var templates: TemplatesOption

        func run() throws {
            try reportingErrors {
                let plan = try ScenarioPlan.parse(stops: stops, merges: merges)
                let loaded = try PortfolioLoader.load(portfolio.input)
                Terminal.printDiagnostics(loaded.diagnostics)
                let settings = try RulesFile.settings(forPortfolio: portfolio.input, rules: rules)
                let result = try ScenarioAnalysis.run(loaded.portfolio, plan: plan, registerSettings: settings)
                let files = try PhaseTrace.measure("render") { try ScenarioRenderer.render(result, portfolio: loaded.portfolio, templates: templates.source) }
                try OutputFolder.write(files, to: output)
                let s = result.savings, b = result.before.households, a = result.after.households
                let money = { (d: Decimal) in Format.money(d, currency: result.currency) }
                Terminal.writeStdout("\(loaded.portfolio.place.name): \(result.before.initiatives.count) → \(result.after.initiatives.count) active initiatives, "
                                     + "\(money(result.fundingFreed)) a year freed, repeated assessments \(Format.count(b.repeatedAssessments)) → \(Format.count(a.repeatedAssessments)) "
                                     + "(\(money(b.duplicatedAssessmentCost)) → \(money(a.duplicatedAssessmentCost))), \(s.frontDoorsRemoved) front door\(s.frontDoorsRemoved == 1 ? "" : "s") fewer — wrote \(output)\n")
            }
        }
    }
}
