import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Records a decision on an initiative in the portfolio file(s), in place.",
            discussion: """
            XML: the decision is added to the initiative as a <decision> element (a decision of the same day is
            replaced); every other byte of the file stays as it was, so `git diff` shows only the decision.
            CSV folder: one row is added to decisions.csv (created if absent). Workbook (.xlsx): one row is added
            to the decisions sheet (added if absent); every other sheet and part stays as it was. Earlier decisions are kept: the
            latest by date is the initiative's current decision. A refused decision changes nothing (exit 65).
            """
        )

        @Argument(help: ArgumentHelp("The portfolio: a .xml file, a folder of CSV files or an .xlsx workbook.", valueName: "input"))
        var input: String

        @Argument(help: ArgumentHelp("The id of the initiative decided on.", valueName: "initiative"))
        var initiative: String

        @Option(help: ArgumentHelp("stop, start, scale, continue or merge.", valueName: "value"))
        var value: String

        @Option(help: ArgumentHelp("When it was decided (YYYY-MM-DD).", valueName: "date"))
        var date: String

        @Option(help: ArgumentHelp("Who decided: a person, board or committee.", valueName: "who"))
        var by: String

        @Option(help: ArgumentHelp("The initiative it merges into (merge only).", valueName: "id"))
        var into: String?

        @Option(help: ArgumentHelp("The reasons for the decision.", valueName: "text"))
        var rationale: String?

        @Option(help: ArgumentHelp("The alternatives considered and rejected.", valueName: "text"))
        var alternatives: String?

        func run() throws {
            try reportingErrors {
                let record = DecisionRecord(initiative: initiative, value: value, date: date, by: by, into: into,
                                            rationale: rationale, alternatives: alternatives)
                let edit = try DecisionRecorder.record([record], into: input)
                let files = edit.changed.map { ((edit.folder as NSString).appendingPathComponent($0.path) as NSString).standardizingPath }
                Terminal.writeStdout("\(initiative): \(value) on \(date) by \(by) recorded in \(files.joined(separator: ", "))\n")
            }
        }
    }
}
