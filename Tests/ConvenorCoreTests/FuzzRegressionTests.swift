import Foundation
import Testing
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

    func timed(_ what: String, _ body: () throws -> Void) rethrows {
        let start = Date()
        try body()
        #expect(Date().timeIntervalSince(start) < 5 * TestSupport.timeScale, "\(what) took \(Date().timeIntervalSince(start)) s")
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
}
