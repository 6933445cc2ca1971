import Foundation
import Testing

/// What an environment-dependent test needs: a tool on PATH, Python packages, or ../shared.
///
/// Tests say `@Test(.needs(.chromium))`: on a machine without Chromium the test is skipped and the
/// output says why. `.ci/run` sets `CONVENOR_REQUIRE_ALL=1`, under which every requirement counts as
/// met, so the test runs and fails loudly on the missing piece instead of skipping (and
/// `RequirementTests` lists everything missing in one message).
public enum Requirement: String, CaseIterable, Sendable, CustomStringConvertible {
    case chromium, libreOffice, poppler, python3, pandasAndScipy, numpy, sharedBench, sharedData

    /// `CONVENOR_REQUIRE_ALL=1`: nothing may be skipped.
    public static var requireAll: Bool { ProcessInfo.processInfo.environment["CONVENOR_REQUIRE_ALL"] == "1" }

    public var description: String {
        switch self {
        case .chromium: "Chromium on PATH (apt-get install chromium)"
        case .libreOffice: "LibreOffice's soffice on PATH (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui libreoffice-impress-nogui)"
        case .poppler: "poppler-utils' pdfinfo, pdftotext and pdftoppm on PATH (apt-get install poppler-utils)"
        case .python3: "python3 on PATH (apt-get install python3)"
        case .pandasAndScipy: "python3 with pandas and scipy (pip install pandas scipy)"
        case .numpy: "python3 with numpy (pip install numpy)"
        case .sharedBench: "../shared/bench/synth.py and overlap_peer.py beside the repository"
        case .sharedData: "the real IATI and 360Giving files in ../shared/data beside the repository"
        }
    }

    /// Whether the machine has it, whatever `CONVENOR_REQUIRE_ALL` says. Checked once per run.
    public var isAvailable: Bool { Self.availability[self] ?? false }

    /// Whether a test that needs it should run: it is there, or nothing may be skipped.
    public var shouldRun: Bool { Self.requireAll || isAvailable }

    private static let availability: [Requirement: Bool] = {
        var found: [Requirement: Bool] = [:]
        for r in allCases { found[r] = r.probe() }
        return found
    }()

    private func probe() -> Bool {
        let fm = FileManager.default
        switch self {
        case .chromium: return Tools.chromium != nil
        case .libreOffice: return Shell.which("soffice") != nil
        case .poppler: return ["pdfinfo", "pdftotext", "pdftoppm"].allSatisfy { Shell.which($0) != nil }
        case .python3: return (try? Shell.run(["python3", "-c", "pass"]))?.status == 0
        case .pandasAndScipy: return (try? Shell.run(["python3", "-c", "import pandas, scipy"]))?.status == 0
        case .numpy: return (try? Shell.run(["python3", "-c", "import numpy"]))?.status == 0
        case .sharedBench:
            let bench = TestSupport.shared.appendingPathComponent("bench")
            return ["synth.py", "overlap_peer.py"].allSatisfy { fm.fileExists(atPath: bench.appendingPathComponent($0).path) }
        case .sharedData:
            let data = TestSupport.shared.appendingPathComponent("data")
            return ["360giving/power-to-change-grants.json", "iati/global-fund.xml", "iati/dfid.xml"]
                .allSatisfy { fm.fileExists(atPath: data.appendingPathComponent($0).path) }
        }
    }
}

/// External tools, found on PATH (the same lookup `.ci/run` makes with `command -v`).
public enum Tools {
    public static var chromium: String? { Shell.which("chromium") ?? Shell.which("chromium-browser") ?? Shell.which("google-chrome") }
    public static var soffice: String? { Shell.which("soffice") }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where `requirements` are met (or under `CONVENOR_REQUIRE_ALL=1`); the skip says why.
    public static func needs(_ requirements: Requirement...) -> Self {
        let missing = requirements.filter { !$0.shouldRun }
        let reason = "needs " + requirements.map(\.description).joined(separator: " and ")
        return .enabled(if: missing.isEmpty, Comment(rawValue: reason))
    }
}
