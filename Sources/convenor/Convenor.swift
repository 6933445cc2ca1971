import ArgumentParser
import ConvenorCore

@main
struct Convenor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convenor",
        abstract: "Maps overlapping initiatives, keeps a stop/start register of pilots and builds workshop packs for a place.",
        discussion: """
        INPUT is a portfolio: a .xml file, or a folder of CSV files (place.csv, initiatives.csv, …).
        Exit codes: 0 ok, 1 check failed, 64 usage, 65 bad input, 74 could not read or write a file.
        """,
        version: ConvenorVersion.current,
        subcommands: [
            Validate.self,
            Convert.self,
            Overlap.self,
            Register.self,
            Check.self,
            Diff.self,
            Decide.self,
            Scenario.self,
            Pack.self,
            Workshops.self,
            Import.self,
            Init.self,
            Demo.self,
            Live.self,
        ]
    )
}
