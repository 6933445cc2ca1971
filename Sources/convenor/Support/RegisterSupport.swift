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
    func date(for portfolio: Portfolio, input: String) throws -> CalendarDate {
        if let asOf, let date = CalendarDate(iso: asOf) { return date }
        if let date = portfolio.place.asOf { return date }
        throw ValidationError("\(input) has no as-of date; add as-of=\"YYYY-MM-DD\" to <portfolio> (or an as-of column to place.csv), or give --as-of")
    }

    func settings(input: String) throws -> RegisterSettings {
        try RulesFile.settings(forPortfolio: input, rules: rules)
    }
}


