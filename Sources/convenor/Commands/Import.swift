import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Builds a portfolio from open data: IATI activity files or 360Giving grants.",
            discussion: """
            The result is an ordinary portfolio (a .xml file, or a CSV folder for any other OUTPUT) that \
            validate, overlap and register read directly. How each field maps, and what is lost, is in docs/imports.md.
            """,
            subcommands: [IATI.self, ThreeSixtyGiving.self]
        )
    }
}

/// Options every import shares.
struct ImportOutput: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the portfolio: a .xml file, or a folder of CSV files.", valueName: "output"))
    var output: String

    @OptionGroup var safety: ForceOption

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The portfolio's as-of date (YYYY-MM-DD). Default: the latest date the data records as having happened.", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("The place's name in the portfolio.", valueName: "name"))
    var place: String?

    func asOfDate() throws -> CalendarDate? {
        guard let asOf else { return nil }
        guard let date = CalendarDate(iso: asOf) else { throw ValidationError("--as-of '\(asOf)' is not a date in YYYY-MM-DD form, e.g. 2026-10-01") }
        return date
    }

    /// Writes the portfolio atomically (XML file or CSV folder) and reports what was made.
    func write(_ result: ImportResult, files: [String], what: (one: String, many: String)) throws {
        Terminal.printDiagnostics(result.diagnostics)
        let p = result.portfolio
        if output.lowercased().hasSuffix(".xml") {
            try OutputFolder.writeFile(Data(XMLPortfolioWriter.render(p, contactsFile: nil).utf8), to: output, force: safety.force)
        } else {
            try OutputFolder.write(CSVPortfolioWriter.render(p), to: output, writtenBy: "convenor import", force: safety.force)
        }
        func count(_ n: Int, _ noun: String) -> String { "\(Format.count(n)) \(noun)\(n == 1 ? "" : "s")" }
        var read = "read \(Format.count(result.recordsRead)) \(result.recordsRead == 1 ? what.one : what.many) from \(count(files.count, "file"))"
        if result.recordsSkipped > 0 { read += " (\(Format.count(result.recordsSkipped)) outside the area)" }
        let made = [count(p.initiatives.count, "initiative"), count(p.organisations.count, "organisation"),
                    count(p.neighbourhoods.count, "neighbourhood"), count(p.cohorts.count, "cohort")].joined(separator: ", ")
        let asOf = p.place.asOf.map { ", as of \($0)" } ?? ""
        Terminal.writeStdout("\(p.place.name): \(read); \(made)\(asOf) — \(Terminal.summaryLine(result.diagnostics)). Wrote \(output)\n")
    }
}

extension Convenor.Import {
    struct IATI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "iati",
            abstract: "Imports IATI activity XML (versions 2.01–2.03; 1.x read leniently): activities become initiatives.",
            discussion: """
            Files are streamed, so large publisher files are fine. Unknown or missing elements are warnings with \
            their line; XML that is not well-formed stops the import with its line (exit 65) and writes nothing.
            """
        )

        @Argument(help: ArgumentHelp("IATI activity files (.xml).", valueName: "file"))
        var files: [String]

        @OptionGroup var out: ImportOutput

        @Option(name: .customLong("lang"), help: ArgumentHelp("Language of the narratives to use (xml:lang); others are a fallback.", valueName: "code"))
        var language = "en"

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one IATI activity file") }
        }

        func run() throws {
            try reportingErrors {
                let options = IATIImporter.Options(language: language, asOf: try out.asOfDate(), placeName: out.place)
                let result = try IATIImporter(options: options).importFiles(files.map { ($0, $0) })
                try out.write(result, files: files, what: ("activity", "activities"))
            }
        }
    }

    struct ThreeSixtyGiving: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "360giving",
            abstract: "Imports 360Giving grants (JSON, or the flat form saved as .csv): grant programmes become initiatives.",
            discussion: """
            Each programme of each funder is one initiative: its funding is the sum awarded, its caseload the number \
            of distinct recipients, its neighbourhoods the grants' beneficiary locations (GSS codes kept). \
            --area keeps only grants that mention a geographic code, e.g. --area E08000035 for Leeds.
            """
        )

        @Argument(help: ArgumentHelp("360Giving files: .json, or .csv with the standard's column titles.", valueName: "file"))
        var files: [String]

        @OptionGroup var out: ImportOutput

        @Option(help: ArgumentHelp("Keep only grants with this geographic (GSS) code in a location, e.g. E08000035.", valueName: "code"))
        var area: String?

        @Option(help: ArgumentHelp("Put every programme in this target group, e.g. \"Community businesses\" (360Giving does not say whom grants reach; overlap compares target groups).", valueName: "name"))
        var cohort: String?

        @Flag(help: "Place grants in their recipient's ward instead of an LSOA, where GrantNav's added data names the ward: coarser places, so programmes working the same ward meet.")
        var wards = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one 360Giving file") }
        }

        func run() throws {
            try reportingErrors {
                let options = ThreeSixtyGivingImporter.Options(asOf: try out.asOfDate(), placeName: out.place, area: area, cohort: cohort, wards: wards)
                let result = try ThreeSixtyGivingImporter(options: options).importFiles(files.map { ($0, $0) })
                try out.write(result, files: files, what: ("grant", "grants"))
            }
        }
    }
}
