import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turns an XML portfolio into a CSV folder, or a CSV folder into XML, without loss.",
            discussion: """
            An OUTPUT ending in .xml gets the XML form (with contacts, if any, in OUTPUT-stem-contacts.csv beside it);
            any other OUTPUT is a folder of CSV files. An existing output is replaced only when the conversion succeeds.
            """
        )

        @OptionGroup var portfolio: PortfolioInput

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write: a .xml file or a folder.", valueName: "output"))
        var output: String

        func run() throws {
            try reportingErrors {
                let loaded = try PortfolioLoader.load(portfolio.input)
                Terminal.printDiagnostics(loaded.diagnostics)
                let p = loaded.portfolio
                if output.lowercased().hasSuffix(".xml") {
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
