import Foundation
import Testing
import ConvenorTestSupport

/// Benchmarks/agree.py (run by Benchmarks/check-council in CI) must fail on NaN, infinity, a missing
/// column and a short row; otherwise a broken overlap could "agree" with the peer.
@Suite("Benchmarks/agree.py")
struct AgreementScriptTests {
    static let script = TestSupport.root.appendingPathComponent("Benchmarks/agree.py").path

    /// A pair of output folders with the four files agree.py reads; `pairs` is Convenor's pairs.csv.
    func run(pairs: String, peerPairs: String = "a,b,score,teams\nx,y,0.500000,2\nx,z,0.250000,1\n",
             summary: String = #"{"pairs": 2}"#) throws -> Shell.Result {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (side, pairsCSV, summaryJSON) in [("conv", pairs, summary), ("peer", peerPairs, #"{"pairs": 2}"#)] {
            let folder = dir.appendingPathComponent(side)
            _ = try TestSupport.write(pairsCSV, named: "pairs.csv", in: folder)
            _ = try TestSupport.write("neighbourhood,initiatives\nn1,3\n", named: "neighbourhoods.csv", in: folder)
            _ = try TestSupport.write("initiatives,households\n1,<5\n", named: "households.csv", in: folder)
            _ = try TestSupport.write(summaryJSON, named: "summary.json", in: folder)
        }
        // households.csv: the peer writes <5 as Convenor does, so the fixtures are identical there.
        return try Shell.run(["python3", Self.script, dir.appendingPathComponent("conv").path, dir.appendingPathComponent("peer").path])
    }

    @Test("agrees on equal tables, disagrees on NaN, infinity, a missing column, a short row, a wrong number",
          .needs(.python3))
    func strict() throws {
        let same = try run(pairs: "a,b,score,teams\nx,y,0.5000004,2\nx,z,0.25,1\n")
        #expect(same.status == 0, "\(same.output)")
        for (what, pairs) in [("NaN", "a,b,score,teams\nx,y,nan,2\nx,z,0.25,1\n"),
                              ("infinity", "a,b,score,teams\nx,y,inf,2\nx,z,0.25,1\n"),
                              ("a missing column", "a,b,score\nx,y,0.5\nx,z,0.25\n"),
                              ("a short row", "a,b,score,teams\nx,y,0.5\nx,z,0.25,1\n"),
                              ("a wrong number", "a,b,score,teams\nx,y,0.6,2\nx,z,0.25,1\n"),
                              ("a missing row", "a,b,score,teams\nx,y,0.5,2\n")] {
            let r = try run(pairs: pairs)
            #expect(r.status == 1, "agree.py passed \(what): \(r.output)")
            #expect(r.stdout.contains("DISAGREE:"), "\(what): \(r.output)")
        }
        let bothNaN = try run(pairs: "a,b,score,teams\nx,y,nan,2\nx,z,0.25,1\n", peerPairs: "a,b,score,teams\nx,y,nan,2\nx,z,0.25,1\n")
        #expect(bothNaN.status == 1, "NaN on both sides agreed: \(bothNaN.output)")
        let nanSummary = try run(pairs: "a,b,score,teams\nx,y,0.5,2\nx,z,0.25,1\n", summary: #"{"pairs": NaN}"#)
        #expect(nanSummary.status == 1, "a NaN in summary.json agreed: \(nanSummary.output)")
    }
}

/// In CI (`CONVENOR_REQUIRE_ALL=1`) one test lists everything the environment lacks, in one message.
@Suite("Test environment")
struct RequirementTests {
    @Test("every tool, Python package and ../shared folder the tests need is present",
          .enabled(if: Requirement.requireAll, "checked only under CONVENOR_REQUIRE_ALL=1 (CI); elsewhere each test skips with its own reason"))
    func everythingPresent() {
        let missing = Requirement.allCases.filter { !$0.isAvailable }
        #expect(missing.isEmpty, "missing: \(missing.map(\.description).joined(separator: "; "))")
    }
}
