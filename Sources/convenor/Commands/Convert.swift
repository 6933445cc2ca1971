import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turns a portfolio from one form into another (XML, CSV folder, .xlsx workbook) without loss.",
            discussion: """
            An OUTPUT ending in .xml gets the XML form (with contacts, if any, in OUTPUT-stem-contacts.csv beside it);
            an OUTPUT ending in .xlsx gets a workbook with a sheet per table (contacts included);
            any other OUTPUT is a folder of CSV files. Dates are written as YYYY-MM-DD in every form.
            An existing .xml or .xlsx file is replaced only with --force; an existing folder
            only if it is empty or an earlier Convenor output (or with --force), and only when the conversion succeeds.
            """
        )

        @OptionGroup var portfolio: PortfolioInput

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write: a .xml file, a .xlsx workbook or a folder.", valueName: "output"))
        var output: String

        @OptionGroup var safety: ForceOption

        func run() throws {
            try reportingErrors {
                let loaded = try PortfolioLoader.load(portfolio.input)
                Terminal.printDiagnostics(loaded.diagnostics)
                let p = loaded.portfolio
                if output.lowercased().hasSuffix(".xlsx") {
                    try OutputFolder.writeFiles([(path: output, contents: try PortfolioWorkbookWriter.render(p))], force: safety.force)
                } else if output.lowercased().hasSuffix(".xml") {
                    let stem = ((output as NSString).lastPathComponent as NSString).deletingPathExtension
                    let contactsName = "\(stem)-contacts.csv"
                    var files = [(path: output, contents: Data(XMLPortfolioWriter.render(p, contactsFile: contactsName).utf8))]
                    if !p.contacts.isEmpty {
                        let contactsPath = ((output as NSString).deletingLastPathComponent as NSString).appendingPathComponent(contactsName)
                        files.insert((contactsPath, CSVPortfolioWriter.contactsCSV(p.contacts)), at: 0)
                    }
                    try OutputFolder.writeFiles(files, force: safety.force)
                } else {
                    try OutputFolder.write(CSVPortfolioWriter.render(p), to: output, writtenBy: "convenor convert", force: safety.force)
                }
                Terminal.writeStdout("\(p.place.name): wrote \(output)\n")
            }
        }
    }
}
