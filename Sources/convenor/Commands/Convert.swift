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
            An existing output is replaced only when the conversion succeeds.
            """
        )

        @OptionGroup var portfolio: PortfolioInput

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write: a .xml file, a .xlsx workbook or a folder.", valueName: "output"))
        var output: String

        func run() throws {
            try reportingErrors {
                let loaded = try PortfolioLoader.load(portfolio.input)
                Terminal.printDiagnostics(loaded.diagnostics)
                let p = loaded.portfolio
                if output.lowercased().hasSuffix(".xlsx") {
                    try OutputFolder.writeFile(PortfolioWorkbookWriter.render(p), to: output)
                } else if output.lowercased().hasSuffix(".xml") {
                    let stem = ((output as NSString).lastPathComponent as NSString).deletingPathExtension
                    let contactsName = "\(stem)-contacts.csv"
                    if !p.contacts.isEmpty {
                        let contactsPath = ((output as NSString).deletingLastPathComponent as NSString).appendingPathComponent(contactsName)
                        try OutputFolder.writeFile(CSVPortfolioWriter.contactsCSV(p.contacts), to: contactsPath)
                    }
                    try OutputFolder.writeFile(Data(XMLPortfolioWriter.render(p, contactsFile: contactsName).utf8), to: output)
                } else {
                    try OutputFolder.write(CSVPortfolioWriter.render(p), to: output)
                }
                Terminal.writeStdout("\(p.place.name): wrote \(output)\n")
            }
        }
    }
}
