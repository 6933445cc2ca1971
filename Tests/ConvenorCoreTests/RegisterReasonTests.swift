import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Each clause of an initiative's reasons is said once: by the flag that found it, not again by the
/// next flag or by the recommendation's basis.
@Suite struct RegisterReasonTests {
    /// A pilot live for 29 months with no evidence and a funding line that started with it and ends soon.
    static var longPilot: Initiative {
        initiative("x", start: "2024-06-01",
                   funding: [FundingLine(source: "Core budget", amount: 40_000, per: .year, start: day("2024-06-01"), end: day("2026-12-31"))],
                   evidence: Evidence(level: .none))
    }

    @Test func theStartDateIsGivenOnceAcrossFlags() throws {
        let e = try #require(run([Self.longPilot], asOf: "2026-11-01").entry("x"))
        #expect(e.flags.map(\.rule) == [.fundingCliff, .pilotitis, .noEvidence])
        let reasons = e.flags.map(\.reason)
        #expect(reasons.joined(separator: " ").components(separatedBy: "2024-06-01").count - 1 == 1, "\(reasons)")
        #expect(reasons[0] == "Core budget funding of £40,000 a year ends 2026-12-31 (in 1 month) and no decision has been recorded since it started")
        #expect(reasons[1] == "pilot live since 2024-06-01 (29 months) with no stop, scale or merge decision")
        #expect(reasons[2] == "evidence recorded as none: evaluate it or stop it")
        // The basis sums up without restating the flags' own words.
        #expect(e.basis == "Decide: the pilot has run past 24 months; there is no real evidence yet; funding ends within 6 months.")
    }

    @Test func withoutPilotitisNoEvidenceSaysHowLongItHasBeenLive() throws {
        var project = Self.longPilot
        project.kind = .project
        let e = try #require(run([project], asOf: "2026-11-01").entry("x"))
        #expect(e.flags.map(\.rule) == [.fundingCliff, .noEvidence])
        #expect(e.flags[1].reason == "live since 2024-06-01 (29 months) with evidence recorded as none: evaluate it or stop it")
        #expect(e.flags[0].reason.hasSuffix("since it started"), "no-evidence gives the start date")
    }

    @Test func noReasonRepeatsAClauseInTheExamplePlace() throws {
        let loaded = try PortfolioLoader.load(TestSupport.northbridgeXML)
        let overlap = OverlapAnalysis.run(loaded.portfolio)
        let register = RegisterEngine(overlap: RegisterOverlapFacts(overlap)).run(loaded.portfolio, asOf: try #require(loaded.portfolio.place.asOf))
        for e in register.entries {
            // Any run of five words said twice, in one reason or across an entry's reasons and basis
            // (names of initiatives aside: naming the lead twice is not repeating a reason).
            var seen: Set<String> = []
            for text in [e.basis] + e.flags.map(\.reason) {
                let unnamed = loaded.portfolio.initiatives.map(\.name).sorted { $0.count > $1.count }
                    .reduce(text) { $0.replacingOccurrences(of: $1, with: "NAME") }
                let words = unnamed.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
                guard words.count >= 5 else { continue }
                for n in 0...(words.count - 5) {
                    let gram = words[n..<n + 5].joined(separator: " ")
                    #expect(!seen.contains(gram), "\(e.initiative.id): \"\(gram)\" twice")
                    seen.insert(gram)
                }
            }
        }
    }
}
