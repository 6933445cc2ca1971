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

private let ready: Void = {
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
        // A portfolio that reads must also write back (convert) without trapping.
        if let loaded = result.loaded, !result.diagnostics.hasErrors {
            _ = CSVPortfolioWriter.render(loaded.portfolio)
            _ = XMLPortfolioWriter.render(loaded.portfolio, contactsFile: "contacts.csv")
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
