import ArgumentParser
import ConvenorCore
import Foundation

/// Options shared by `register` and `check`.
struct RegisterOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the rules count from (YYYY-MM-DD). Default: the portfolio's as-of date.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("A rules file (thresholds and severities). Default: convenor.rules.xml next to the portfolio, if there is one.", valueName: "file"))
    var rules: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01")
        }
    }

    /// The as-of date: the flag, else the portfolio's; never the clock.
    func date(for loaded: LoadedPortfolio) throws -> CalendarDate {
        try loaded.asOf(asOf.flatMap { CalendarDate(iso: $0) })
    }

    func settings(input: String) throws -> RegisterSettings {
        try RulesFile.settings(forPortfolio: input, rules: rules)
    }
}


