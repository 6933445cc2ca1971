import ConvenorCore
import Foundation
import FuzzSupport

// Fuzzes what runs after a portfolio is read: every XML portfolio that loads goes through the overlap
// analysis and all its renderers, the register (with the overlap facts) and all its renderers
// (Excel, HTML, timeline), and a diff against itself. Finds traps that valid-but-extreme input
// reaches (dates at year 9999, huge numbers, odd ids) which the reader fuzzers never exercise.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let path = Scratch.write(UnsafeRawBufferPointer(start: data, count: size), to: "analyses.xml")
    guard let result = try? PortfolioLoader.read(path), let loaded = result.loaded, !result.diagnostics.hasErrors else { return 0 }
    let p = loaded.portfolio
    let overlap = OverlapAnalysis.run(p, options: OverlapOptions(suppressBelow: 5))
    _ = OverlapRenderer.render(overlap, portfolio: p)
    let asOf = p.place.asOf ?? CalendarDate(daysSinceEpoch: 20_000)
    let register = RegisterEngine(overlap: RegisterOverlapFacts(overlap)).run(p, asOf: asOf)
    _ = try? RegisterRenderer.render(register, portfolio: p)
    _ = PortfolioDiff(old: p, new: Portfolio(place: p.place))
    return 0
}

@_cdecl("fuzz_analyses_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOneInput)
}
