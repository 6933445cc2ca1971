import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Every input the fuzzers ever flagged (crash, timeout, slow unit), kept in Fuzz/regressions/<target>/,
/// read again the way the fuzzer read it: it must finish, quickly, with a result or diagnostics.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let regressions = TestSupport.root.appendingPathComponent("Fuzz/regressions")

    static func inputs(_ target: String) -> [String] {
        let folder = regressions.appendingPathComponent(target).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Runs `body`, checking the CPU time of this thread (the wall clock stretches when the machine is busy).
    /// The CSV reader reads files on several threads, so its regressions are also run in a child process
    /// under `ulimit -t` (HostileLimitsTests in ConvenorCLITests).
    func timed(_ what: String, _ body: () throws -> Void) rethrows {
        let ((), seconds) = try ThreadCPU.measure(body)
        #expect(seconds < 5 * TestSupport.timeScale, "\(what) took \(seconds) s of CPU")
    }

    /// The fuzz targets (Fuzz/Sources/fuzz-*).
    static var fuzzers: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.root.appendingPathComponent("Fuzz/Sources").path)) ?? [])
            .filter { $0.hasPrefix("fuzz-") }.sorted()
    }

    @Test("every fuzzer has regression inputs, and each is replayed by a test below")
    func everyFuzzerHasRegressions() throws {
        #expect(Self.fuzzers == ["fuzz-analyses", "fuzz-csv", "fuzz-rules", "fuzz-workshop", "fuzz-xml"],
                "a fuzzer was added or removed: give it a folder in Fuzz/regressions and a replay test here")
        for fuzzer in Self.fuzzers {
            #expect(!Self.inputs(fuzzer).isEmpty, "Fuzz/regressions/\(fuzzer) is empty: nothing of \(fuzzer) is replayed")
        }
        // Anything a fuzzer ever crashed on is moved to Fuzz/regressions once fixed.
        let crashes = ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.root.appendingPathComponent("Fuzz/crashes").path)) ?? [])
            .filter { !$0.hasPrefix(".") }
        #expect(crashes.isEmpty, "Fuzz/crashes holds \(crashes): fix them and move them to Fuzz/regressions/<target>/")
    }

    @Test(arguments: inputs("fuzz-xml"))
    func xmlPortfolio(_ path: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("portfolio.xml")
        try FileManager.default.copyItem(atPath: path, toPath: copy.path)
        _ = try TestSupport.write("household,initiative,date,assessed\nh1,winter-shelter,2025-01-02,true\n", named: "contacts.csv", in: dir)
        try timed(path) { _ = try PortfolioLoader.read(copy.path) }
    }

    /// As in Fuzz/Sources/fuzz-csv: the first byte picks the file of a small valid folder, the rest replaces it.
    static let csvFiles = ["place.csv", "neighbourhoods.csv", "organisations.csv", "teams.csv", "cohorts.csv",
                           "outcomes.csv", "initiatives.csv", "funding.csv", "contacts.csv"]

    @Test(arguments: inputs("fuzz-csv"))
    func csvFolder(_ path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        guard let selector = bytes.first else { return }
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try TestSupport.write("name,as-of\nTestville,2026-10-01\n", named: "place.csv", in: dir)
        _ = try TestSupport.write("id,name,kind,status\na,A,pilot,live\n", named: "initiatives.csv", in: dir)
        try Data(bytes.dropFirst()).write(to: dir.appendingPathComponent(Self.csvFiles[Int(selector) % Self.csvFiles.count]))
        try timed(path) { _ = try PortfolioLoader.read(dir.path) }
    }

    @Test(arguments: inputs("fuzz-rules"))
    func rulesFile(_ path: String) throws {
        try timed(path) {
            do { _ = try RulesFile.load(path: path) } catch is InputError {} catch is FileError {}
        }
    }

    /// As in Fuzz/Sources/fuzz-workshop: an even first byte means a workshop file, odd a barriers file.
    @Test(arguments: inputs("fuzz-workshop"))
    func workshopFile(_ path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        guard let selector = bytes.first else { return }
        let file = try TestSupport.write("", named: "workshop.xml")
        try Data(bytes.dropFirst()).write(to: URL(fileURLWithPath: file))
        try timed(path) {
            do {
                if selector % 2 == 0 { _ = try WorkshopReader.read(path: file) } else { _ = try WorkshopReader.readBarriers(path: file) }
            } catch is InputError {} catch is FileError {}
        }
    }

    /// As in Fuzz/Sources/fuzz-analyses: a portfolio that loads goes through overlap, register and diff,
    /// with every renderer.
    @Test(arguments: inputs("fuzz-analyses"))
    func analyses(_ path: String) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("analyses.xml")
        try FileManager.default.copyItem(atPath: path, toPath: copy.path)
        try timed(path) {
            let result = try PortfolioLoader.read(copy.path)
            guard let loaded = result.loaded, !result.diagnostics.hasErrors else { return }
            let p = loaded.portfolio
            let overlap = OverlapAnalysis.run(p, options: OverlapOptions(suppressBelow: 5))
            #expect(!OverlapRenderer.render(overlap, portfolio: p).isEmpty)
            let asOf = p.place.asOf ?? CalendarDate(daysSinceEpoch: 20_000)
            let register = RegisterEngine(overlap: RegisterOverlapFacts(overlap)).run(p, asOf: asOf)
            _ = try RegisterRenderer.render(register, portfolio: p)
            _ = PortfolioDiff(old: p, new: Portfolio(place: p.place))
        }
    }
}
