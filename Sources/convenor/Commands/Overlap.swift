import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Overlap: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Maps which initiatives work the same neighbourhoods, cohorts and households, and what repeated assessments cost.",
            discussion: """
            Compares every pair of active initiatives (not ended or stopped) that share
            a neighbourhood or a household:
              place       population-weighted Jaccard of their neighbourhoods
                          ('*' covers every neighbourhood)
              cohort      Jaccard of their cohorts; reach = place × cohort
              households  shared households / the smaller household set
              outcomes    shared outcomes / the shorter outcome list
              teams       1 when two or more different teams work where they overlap
            score = (0.15·place + 0.15·cohort + 0.30·reach + 0.25·households
                     + 0.10·outcomes + 0.05·teams) / sum of the weights
            Change the weights with --weights. Pairs scoring --min-score or more are
            linked. Consolidation candidates are groups built around a lead: every
            member overlaps the lead directly (no chains), serves at least half the
            same cohorts towards a shared outcome, works mostly where the lead works,
            and overlaps the group more than anything outside it. Proposals join no
            group; a lead is not paused, failing or an overdue pilot ("no natural
            lead: decide who leads" otherwise). Pairs that share families but not
            cohorts, or serve cohorts declared never-merge-with, are told to
            coordinate (coordination.csv), never to merge.

            --format picks what to write into OUTPUT (default all):
              csv      pairs.csv, clusters.csv, coordination.csv, neighbourhoods.csv, households.csv
              json     summary.json, overlap.json
              graphml  overlap.graphml          gexf  overlap.gexf (Gephi)
              dot      overlap.dot (Graphviz)   svg   matrix.svg, network.svg
              html     index.html (report with both pictures, tables, findings)
            OUTPUT is replaced only when everything is written, and only if it is
            empty or holds nothing but an earlier Convenor output (else exit 73). Household counts
            below --suppress-below print as <N; household ids never appear anywhere.
            """
        )

        @OptionGroup var portfolio: PortfolioInput

        @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the overlap map into.", valueName: "output"))
        var output: String

        @OptionGroup var safety: ForceOption

        @Option(help: ArgumentHelp("Pairs scoring this or more (0 to 1) are linked and clustered.", valueName: "score"))
        var minScore: Double = 0.35

        @Option(help: ArgumentHelp("Household counts below this print as <N (disclosure control).", valueName: "n"))
        var suppressBelow: Int = 5

        @Flag(help: ArgumentHelp("For internal analysis only: print every household count, however small (prints a warning). Never publish the result."))
        var noSuppression = false

        /// The threshold actually used: --no-suppression turns disclosure control off.
        var effectiveSuppression: Int { noSuppression ? 0 : suppressBelow }

        @Option(help: ArgumentHelp("Which outputs to write: a comma list of csv, json, graphml, gexf, dot, svg, html, or all.", valueName: "kinds"))
        var format: String = "all"

        @Option(help: ArgumentHelp("Score weights, e.g. reach=0.4,households=0.2 (names: place, cohort, reach, households, outcomes, teams).",
                                   valueName: "name=value,…"))
        var weights: String?

        @OptionGroup var templates: TemplatesOption

        func validate() throws {
            guard minScore >= 0 && minScore <= 1 else { throw ValidationError("--min-score must be between 0 and 1 (got \(minScore))") }
            guard suppressBelow >= 0 else { throw ValidationError("--suppress-below must be 0 or more (got \(suppressBelow))") }
            do { _ = try OverlapOutputKind.parse(format) } catch { throw ValidationError("--format: \(error)") }
            _ = try parsedWeights()
        }

        func parsedWeights() throws -> OverlapWeights {
            var w = OverlapWeights()
            guard let weights else { return w }
            for item in weights.split(separator: ",") {
                let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let value = Double(parts[1]), value >= 0, value.isFinite else {
                    throw ValidationError("--weights: '\(item)' should be name=value with a value of 0 or more, e.g. reach=0.4")
                }
                guard w.set(parts[0], value) else {
                    throw ValidationError("--weights: unknown weight '\(parts[0])'; choose from \(OverlapWeights.names.joined(separator: ", "))")
                }
            }
            guard w.total > 0 else { throw ValidationError("--weights: at least one weight must be above 0") }
            return w
        }

        func run() throws {
            try reportingErrors { try execute() }
        }

        /// Progress lines on stderr, only when a person is watching it.
        static let progress: (@Sendable (String) -> Void)? = {
            guard isatty(STDERR_FILENO) == 1 else { return nil }
            return { line in FileHandle.standardError.write(Data("convenor overlap: \(line)\n".utf8)) }
        }()

        func execute() throws {
            if effectiveSuppression < 5 {
                Terminal.printError(DisclosureWarning.text(threshold: effectiveSuppression))
            }
            let options = OverlapOptions(minScore: minScore, suppressBelow: effectiveSuppression, weights: try parsedWeights())
            let result = try Workflows.overlap(portfolioAt: portfolio.input, options: options, kinds: try OverlapOutputKind.parse(format),
                                               templates: templates.source, progress: Self.progress)
            Terminal.printDiagnostics(result.diagnostics)
            try PhaseTrace.measure("write") { try OutputFolder.write(result.files, to: output, writtenBy: "convenor overlap", force: safety.force) }
            Terminal.writeStdout(result.summary.joined(separator: "\n") + " — wrote \(output)\n")
        }
    }
}
