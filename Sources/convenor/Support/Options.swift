import ArgumentParser

/// The portfolio every analysing command reads.
struct PortfolioInput: ParsableArguments {
    @Argument(help: ArgumentHelp("The portfolio: a .xml file, a folder of CSV files or an .xlsx workbook with a sheet per table.", valueName: "input"))
    var input: String
}

enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--force`, for every command that writes output (the rule itself is `OutputFolder`'s, in ConvenorCore).
struct ForceOption: ParsableArguments {
    @Flag(help: ArgumentHelp("Replace the output even if it holds files Convenor did not write. Never replaces /, your home folder, the current folder (or one holding it) or a folder with a .git inside."))
    var force = false
}
