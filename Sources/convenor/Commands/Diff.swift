import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed between two versions of a portfolio: initiatives added and removed, status moves, decisions, funding.",
            discussion: """
            OLD and NEW are portfolios (.xml files or CSV folders). To compare with an earlier commit, save it first:
              git show main:portfolio.xml > /tmp/old.xml && convenor diff /tmp/old.xml portfolio.xml --format markdown
            Markdown suits a pull-request comment. Exit 0 whether or not anything changed; 65 when a portfolio cannot be read.
            """
        )

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

        @Argument(help: ArgumentHelp("The earlier portfolio.", valueName: "old"))
        var old: String

        @Argument(help: ArgumentHelp("The later portfolio.", valueName: "new"))
        var new: String

        @Option(help: "text, markdown (for a pull-request comment) or json.")
        var format: OutputFormat = .text

        func run() throws {
            try reportingErrors {
                let before = try PortfolioLoader.load(old)
                let after = try PortfolioLoader.load(new)
                let diff = PortfolioDiff(old: before.portfolio, new: after.portfolio)
                switch format {
                case .text: Terminal.writeStdout(diff.text())
                case .markdown: Terminal.writeStdout(diff.markdown())
                case .json: Terminal.writeStdout(String(decoding: try diff.json(), as: UTF8.self))
                }
            }
        }
    }
}
