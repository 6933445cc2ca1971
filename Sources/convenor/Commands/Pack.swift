import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Builds a workshop pack filled with the place's own figures.",
            discussion: """
            WORKSHOP is a built-in workshop id (see `convenor workshops`) or the path of your own workshop .xml file.
            The pack folder holds index.html (print-ready A4), agenda.md, facilitator-guide.md and .docx, slides.pptx,
            cards.html, handouts/ and pack.zip of everything. An existing folder is replaced only when the pack is complete, and only if it is empty or an earlier Convenor output.
            """
        )

        @Argument(help: ArgumentHelp("A built-in workshop id or a workshop .xml file.", valueName: "workshop"))
        var workshop: String

        @Option(help: ArgumentHelp("The portfolio: a .xml file or a folder of CSV files.", valueName: "input"))
        var portfolio: String

        @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the pack to.", valueName: "dir"))
        var output: String

        @OptionGroup var safety: ForceOption

        @Option(help: ArgumentHelp("When the workshop starts, 24-hour clock.", valueName: "HH:MM"))
        var start: String = "09:30"

        @Option(help: ArgumentHelp("The date printed on the pack (YYYY-MM-DD); default: the next weekday after today.", valueName: "date"))
        var date: String?

        @Option(help: ArgumentHelp("The facilitator's name, printed on the cover and slides.", valueName: "name"))
        var facilitator: String?

        @OptionGroup var templates: TemplatesOption

        func validate() throws {
            guard ClockTime(start) != nil else {
                throw ValidationError("--start '\(start)' is not a time; write it as HH:MM on the 24-hour clock, e.g. 09:30 or 13:45")
            }
            if let date, CalendarDate(iso: date) == nil {
                throw ValidationError("--date '\(date)' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-18")
            }
        }

        func run() throws {
            try reportingErrors {
                let definition = try WorkshopCatalogue.load(workshop)
                let options = PackOptions(start: ClockTime(start) ?? ClockTime(minutes: 570), date: date.flatMap { CalendarDate(iso: $0) }, today: .today,
                                          facilitator: facilitator, templates: templates.source)
                let result = try Workflows.pack(definition, barriers: try WorkshopCatalogue.barriers(for: workshop), portfolioAt: portfolio,
                                                settings: try RulesFile.settings(forPortfolio: portfolio), options: options)
                Terminal.printDiagnostics(result.diagnostics)
                try OutputFolder.write(result.files, to: output, writtenBy: "convenor pack", force: safety.force)
                Terminal.writeStdout(result.summary.joined(separator: "\n") + " to \(output)\n")
            }
        }
    }

    struct Workshops: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lists the built-in workshops: id, length and purpose.",
            discussion: "Pass an id to `convenor pack`, or copy workshops/<id>.xml from the repository and change it."
        )

        func run() throws {
            try reportingErrors {
                var out = ""
                for w in try WorkshopCatalogue.allBuiltIn() {
                    let sessions = w.sessions.count
                    out += "\(w.id)\n  \(w.title)\(w.subtitle.map { " – \($0)" } ?? "")\n"
                    out += "  \(Format.duration(minutes: w.minutes)), \(sessions) sessions\n"
                    out += wrap(w.purpose, indent: "  ") + "\n\n"
                }
                out += "Build a pack: convenor pack ID --portfolio INPUT -o DIR [--start 09:30]\n"
                Terminal.writeStdout(out)
            }
        }

        /// Wraps at 100 columns so the list reads well in a terminal.
        func wrap(_ text: String, indent: String) -> String {
            var lines: [String] = []
            var line = indent
            for word in text.split(separator: " ") {
                if line.count + word.count + 1 > 100, line != indent {
                    lines.append(line)
                    line = indent
                }
                line += (line == indent ? "" : " ") + word
            }
            lines.append(line)
            return lines.joined(separator: "\n")
        }
    }
}
