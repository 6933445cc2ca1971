import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs validate, overlap, register and a workshop pack on the bundled example place.",
            discussion: """
            Writes the example portfolio (Northbridge, a fictional council) and everything Convenor makes from it
            into one folder: portfolio/, overlap/, register/ and pack-pilot-review/. Works from any directory:
            the example is built into the tool. Give --portfolio to run the same on your own place.
            """
        )

        @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write.", valueName: "dir"))
        var output = "convenor-demo"

        @OptionGroup var safety: ForceOption

        @OptionGroup var templates: TemplatesOption

        @Option(help: ArgumentHelp("Use this portfolio instead of the bundled example.", valueName: "input"))
        var portfolio: String?

        @Option(help: ArgumentHelp("The workshop pack to build (see `convenor workshops`).", valueName: "id"))
        var workshop = "pilot-review"

        func run() throws {
            try reportingErrors {
                var files: [RenderedFile] = []
                let result: WorkflowResult
                if let portfolio {
                    result = try Workflows.demo(portfolioAt: portfolio, workshop: workshop, today: .today, templates: templates.source)
                } else {
                    // The reader works on files: put the built-in example in a scratch folder first.
                    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("convenor-demo-\(UUID().uuidString)")
                    defer { try? FileManager.default.removeItem(at: scratch) }
                    let example = Workflows.examplePortfolio
                    for file in example {
                        let url = scratch.appendingPathComponent(file.path)
                        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                        try file.contents.write(to: url)
                    }
                    files += example
                    result = try Workflows.demo(portfolioAt: scratch.appendingPathComponent("portfolio/portfolio.xml").path, workshop: workshop, today: .today, templates: templates.source)
                }
                Terminal.printDiagnostics(result.diagnostics)
                try OutputFolder.write(files + result.files, to: output, writtenBy: "convenor demo", force: safety.force)
                var text = result.summary.map { "  \($0)\n" }.joined()
                text = "Convenor demo — wrote \(output)/\n" + text
                text += "Open \(output)/overlap/index.html, \(output)/register/register.html and \(output)/pack-\(workshop)/index.html in a browser.\n"
                Terminal.writeStdout(text)
            }
        }
    }
}
