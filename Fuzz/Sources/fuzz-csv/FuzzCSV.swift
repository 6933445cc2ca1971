import ConvenorCore
import Foundation
import FuzzSupport

// Fuzzes the CSV folder reader one file at a time: the first byte of the input chooses which file
// of the folder the rest replaces; the other files stay those of a small valid portfolio.
private let files = ["place.csv", "neighbourhoods.csv", "organisations.csv", "teams.csv", "cohorts.csv",
                     "outcomes.csv", "initiatives.csv", "funding.csv", "contacts.csv"]

private let valid: [String: String] = [
    "place.csv": "name,code,as-of,currency\nTestville,E08000099,2026-10-01,GBP\n",
    "neighbourhoods.csv": "id,name,code,population,imd-decile\ncentral,Central,E05000001,12000,2\nriverside,Riverside,,8000,\n",
    "organisations.csv": "id,name,sector\ncouncil,Testville Council,local-government\n",
    "teams.csv": "id,name,organisation,department,fte,role,neighbourhoods\nout,Outreach,council,Housing,6.5,outreach,central;riverside\n",
    "cohorts.csv": "id,name\nrough,People sleeping rough\n",
    "outcomes.csv": "id,name\nhome,Everyone has a safe home\n",
    "initiatives.csv": """
    id,name,kind,status,owner,start,end,teams,neighbourhoods,cohorts,outcomes,assessment-name,assessment-unit-cost,caseload-households,evidence-level,evidence-result,evidence-date,review-date,review-owner,decision,decision-date,decision-by,decision-into,decision-rationale,description
    a,Shelter,pilot,live,council,2024-11-01,2026-03-31,out,central,rough,home,Intake,320,140,monitoring,positive,2025-09-30,2026-01-15,Head,continue,2025-10-02,Cabinet,,"Bridge, then mainstream","Two
    lines"
    b,Other,service,proposed,council,,,,*,,,,,,,,,,,merge,2025-01-01,Cabinet,a,,

    """,
    "funding.csv": "initiative,source,kind,amount,per,start,end\na,RSI,grant,180000,year,2024-11-01,2026-03-31\n",
    "contacts.csv": "household,initiative,date,assessed\nh1,a,2025-01-02,true\nh2,b,,false\n",
]

/// Traps on a written cell that a spreadsheet would run as a formula.
private func checkNoFormula(_ file: RenderedFile) {
    let text = String(decoding: file.contents, as: UTF8.self)
    var cell = "", inQuotes = false, atCellStart = true
    func end() {
        if SpreadsheetCell.isFormulaLike(cell) { fatalError("\(file.path) has a formula-like cell") }
        cell = ""; atCellStart = true
    }
    var iterator = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar?
    while let c = pending ?? iterator.next() {
        pending = nil
        if inQuotes {
            if c == "\"" {
                if let next = iterator.next() { if next == "\"" { cell.unicodeScalars.append("\"") } else { inQuotes = false; pending = next } }
                else { inQuotes = false }
            } else { cell.unicodeScalars.append(c) }
        } else if c == "\"" && atCellStart { inQuotes = true; atCellStart = false }
        else if c == "," || c == "\n" { end() }
        else { cell.unicodeScalars.append(c); atCellStart = false }
    }
    end()
}

private let ready: Void = {
    try? FileManager.default.createDirectory(atPath: (Scratch.folder as NSString).appendingPathComponent("roundtrip"),
                                             withIntermediateDirectories: true)
    try? FileManager.default.createDirectory(atPath: (Scratch.folder as NSString).appendingPathComponent("portfolio"),
                                             withIntermediateDirectories: true)
    for name in files { Scratch.write(valid[name] ?? "", to: "portfolio/" + name) }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size > 0 else { return 0 }
    _ = ready
    let file = files[Int(data[0]) % files.count]
    let folder = (Scratch.folder as NSString).appendingPathComponent("portfolio")
    Scratch.write(UnsafeRawBufferPointer(start: data + 1, count: size - 1), to: "portfolio/" + file)
    defer { Scratch.write(valid[file] ?? "", to: "portfolio/" + file) }
    do {
        let result = try PortfolioLoader.read(folder)
        for d in result.diagnostics { _ = d.description }
        // A portfolio that reads must also write back (convert) without trapping, with no cell a
        // spreadsheet would run as a formula, and read back the same (issue 19: the guard is reversible).
        if let loaded = result.loaded, !result.diagnostics.hasErrors {
            let files = CSVPortfolioWriter.render(loaded.portfolio)
            _ = XMLPortfolioWriter.render(loaded.portfolio, contactsFile: "contacts.csv")
            for file in files { checkNoFormula(file) }
            let roundTrip = (Scratch.folder as NSString).appendingPathComponent("roundtrip")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: roundTrip)) ?? [] {
                try? FileManager.default.removeItem(atPath: (roundTrip as NSString).appendingPathComponent(name))
            }
            for file in files { file.contents.withUnsafeBytes { _ = Scratch.write($0, to: "roundtrip/" + file.path) } }
            let again = try PortfolioLoader.read(roundTrip)
            if let reread = again.loaded?.portfolio, !again.diagnostics.hasErrors {
                let first = loaded.portfolio.initiatives.map { [$0.id, $0.name, $0.description ?? ""] }
                let second = reread.initiatives.map { [$0.id, $0.name, $0.description ?? ""] }
                if first != second { fatalError("convert changed initiative text: \(first.prefix(3)) became \(second.prefix(3))") }
                if CSVPortfolioWriter.render(reread) != files { fatalError("CSV → CSV is not byte for byte") }
            }
        }
    } catch {
        _ = "\(error)"
    }
    return 0
}

@_cdecl("fuzz_csv_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOneInput)
}
