import ArgumentParser

/// The portfolio every analysing command reads.
struct PortfolioInput: ParsableArguments {
    @Argument(help: ArgumentHelp("The portfolio: a .xml file or a folder of CSV files.", valueName: "input"))
    var input: String
}

enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
