import Foundation
import Testing
import ConvenorTestSupport

/// Hostile and fuzzer-found inputs, each read by `convenor validate` in a child process under
/// `ulimit -t` (CPU seconds) and `ulimit -v` (address space). The kernel enforces both on the child
/// alone, so the verdict does not depend on how busy the machine is or on what else the test process
/// holds: a run that needs more is killed by a signal and the test says so.
@Suite("Hostile input within CPU and memory limits")
struct HostileLimitsTests {
    /// Generous for a validator, small enough that an exponential blow-up or a runaway allocation hits it.
    static let limits = CLIRunner.Limits(cpuSeconds: 10, addressSpaceMiB: 2048)

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        /// File name inside a fresh folder; the folder itself is validated when `folder` is set.
        var file: String
        var bytes: @Sendable () -> [UInt8]
        /// The diagnostic code the run must report (nil: any outcome but a crash or a limit).
        var code: String?
        var folder = false
        var description: String { name }
    }

    static let ns = #"xmlns="urn:convenor:portfolio:1""#

    static let generated: [Case] = [
        Case(name: "billion laughs (10^12 expansions)", file: "p.xml", bytes: {
            var entities = "<!ENTITY l0 \"lol\">\n"
            for i in 1...12 { entities += "<!ENTITY l\(i) \"\(String(repeating: "&l\(i - 1);", count: 10))\">\n" }
            return Array("<?xml version=\"1.0\"?>\n<!DOCTYPE portfolio [\n\(entities)]>\n<portfolio \(ns) place=\"X\"><description>&l12;</description></portfolio>".utf8)
        }, code: "entity-forbidden"),
        Case(name: "quadratic blow-up (one 100 KB entity used 10,000 times)", file: "p.xml", bytes: {
            let big = String(repeating: "a", count: 100_000)
            return Array("<?xml version=\"1.0\"?>\n<!DOCTYPE portfolio [<!ENTITY a \"\(big)\">]>\n<portfolio \(ns) place=\"\(String(repeating: "&a;", count: 10_000))\"/>".utf8)
        }, code: "entity-forbidden"),
        Case(name: "100,000-deep nesting", file: "p.xml", bytes: {
            Array((#"<portfolio xmlns="urn:convenor:portfolio:1" place="X">"# + String(repeating: "<a>", count: 100_000)
                   + String(repeating: "</a>", count: 100_000) + "</portfolio>").utf8)
        }, code: "malformed-xml"),
        Case(name: "a 50 MB attribute value", file: "p.xml", bytes: {
            Array("<portfolio \(ns) as-of=\"2026-01-01\" place=\"".utf8) + [UInt8](repeating: 0x41, count: 50_000_000) + Array("\"/>\n".utf8)
        }, code: "too-large"),
        Case(name: "50,000 cohorts with one id", file: "p.xml", bytes: {
            Array(("<portfolio \(ns) place=\"X\" as-of=\"2026-01-01\">\n" + String(repeating: "<cohort id=\"c\" name=\"C\"/>\n", count: 50_000) + "</portfolio>\n").utf8)
        }, code: "duplicate-id"),
        Case(name: "CSV: one 20 MB line with no line break", file: "initiatives.csv", bytes: {
            Array("id,name,kind,status\n".utf8) + [UInt8](repeating: 0x61, count: 20_000_000)
        }, code: nil, folder: true),
        Case(name: "CSV: an unclosed quote at the start of 5 MB", file: "initiatives.csv", bytes: {
            Array("id,name,kind,status\n\"".utf8) + [UInt8](repeating: 0x2C, count: 5_000_000)
        }, code: nil, folder: true),
    ]

    /// Every fuzz-xml and fuzz-csv regression, shaped as the fuzzer shaped it (see FuzzRegressionTests).
    static var fuzzRegressions: [Case] {
        let root = TestSupport.root.appendingPathComponent("Fuzz/regressions")
        var cases: [Case] = []
        for target in ["fuzz-xml", "fuzz-csv"] {
            let folder = root.appendingPathComponent(target)
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() where !name.hasPrefix(".") {
                let path = folder.appendingPathComponent(name).path
                if target == "fuzz-xml" {
                    cases.append(Case(name: "\(target)/\(name)", file: "portfolio.xml", bytes: { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }, code: nil))
                } else {
                    let files = ["place.csv", "neighbourhoods.csv", "organisations.csv", "teams.csv", "cohorts.csv",
                                 "outcomes.csv", "initiatives.csv", "funding.csv", "contacts.csv"]
                    let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
                    guard let selector = bytes.first else { continue }
                    cases.append(Case(name: "\(target)/\(name)", file: files[Int(selector) % files.count], bytes: { Array(bytes.dropFirst()) },
                                      code: nil, folder: true))
                }
            }
        }
        return cases
    }

    @Test("validate stays within 10 CPU seconds and 2 GiB of address space", arguments: generated + fuzzRegressions)
    func withinLimits(_ hostile: Case) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        if hostile.folder {
            _ = try TestSupport.write("name,as-of\nTestville,2026-10-01\n", named: "place.csv", in: dir)
            _ = try TestSupport.write("id,name,kind,status\na,A,pilot,live\n", named: "initiatives.csv", in: dir)
        }
        let file = try TestSupport.write(Data(hostile.bytes()), named: hostile.file, in: dir)
        let input = hostile.folder ? dir.path : file
        let run = try CLIRunner.runLimited(["validate", input, "--format", "json"], limits: Self.limits)
        #expect(!run.killedBySignal, "\(hostile): killed by signal \(run.result.status - 128) after \(run.cpuSeconds) CPU s (SIGXCPU = 24: over the CPU limit; SIGKILL/SIGSEGV/SIGABRT: out of memory or a crash)")
        #expect(run.result.status != 125, "the shell could not set the limits")
        #expect([0, 1, 65, 74].contains(run.result.status), "\(hostile): exit \(run.result.status): \(run.result.stderr.suffix(300))")
        #expect(!run.result.stderr.contains("Fatal error"), "\(hostile): \(run.result.stderr.suffix(300))")
        if let code = hostile.code {
            #expect(run.result.status == 65, "\(hostile): exit \(run.result.status)")
            #expect(run.result.stdout.contains("\"code\" : \"\(code)\"") || run.result.stdout.contains("\"code\":\"\(code)\""),
                    "\(hostile): no \(code) in \(run.result.stdout.prefix(400))")
        }
    }

    @Test("the limits bite: a run over the CPU limit is reported as killed, so the check above can fail")
    func limitsAreEnforced() throws {
        // A busy loop in a subshell under a 1 s CPU limit is killed (SIGXCPU at the soft limit, SIGKILL at
        // the hard one; `ulimit -t` sets both): the shell reports 128 + the signal.
        let shell = try Shell.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "(ulimit -t 1; while :; do :; done); exit $?"])
        #expect([128 + 24, 128 + 9].contains(shell.status), "a busy loop under ulimit -t 1 ended with \(shell.status)")
        // And a tiny address space stops convenor itself before it can read anything.
        let tiny = try CLIRunner.runLimited(["validate", TestSupport.northbridgeXML], limits: .init(cpuSeconds: 10, addressSpaceMiB: 16))
        #expect(tiny.result.status != 0, "convenor ran in 16 MiB of address space: the limit was not applied")
    }
}
