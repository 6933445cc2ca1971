import ConvenorCore
import Foundation
import FuzzSupport

// Fuzzes the XML portfolio reader end to end: libxml2 stream + schema, the model builder, the
// column resolver (which re-reads the file) and the validator. A contacts file sits beside the
// input so that a `contacts="contacts.csv"` attribute reaches the contacts reader too.
private let ready: Void = {
    Scratch.write("household,initiative,date,assessed\nh1,winter-shelter,2025-01-02,true\nh2,a,,false\n", to: "contacts.csv")
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    _ = ready
    let path = Scratch.write(UnsafeRawBufferPointer(start: data, count: size), to: "portfolio.xml")
    do {
        let result = try PortfolioLoader.read(path)
        // Touch what commands print, so rendering diagnostics is exercised too.
        for d in result.diagnostics { _ = d.description }
        if let loaded = result.loaded, !result.diagnostics.hasErrors {
            _ = XMLPortfolioWriter.render(loaded.portfolio, contactsFile: "contacts.csv")
            _ = CSVPortfolioWriter.render(loaded.portfolio)
        }
    } catch {
        _ = "\(error)"
    }
    return 0
}

@_cdecl("fuzz_xml_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOneInput)
}
