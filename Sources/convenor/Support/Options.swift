import ArgumentParser

/// The portfolio every analysing command reads.
struct PortfolioInput: ParsableArguments {
    @Argument(help: ArgumentHelp("The portfolio: a .xml file, a folder of CSV files or an .xlsx workbook with a sheet per table.", valueName: "input"))
    var input: String
}

enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
