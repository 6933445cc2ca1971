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
    ///
    /// `budget` is a hang guard, not a speed test (Benchmarks/ measures speed): 5 s for reading one file;
    /// the analyses replay renders every output of up to 44,850 pairs in a debug build, about 4 s of
    /// CPU on a quiet machine and 5 s on CI's, so it gets 20 s, which still catches a cubic blow-up.
    func timed(_ what: String, budget: Double = 5, _ body: () throws -> Void) rethrows {
        let ((), seconds) = try ThreadCPU.measure(body)
        #expect(seconds < budget * TestSupport.timeScale, "\(what) took \(seconds) s of CPU (budget \(budget) s)")
    }

    /// The fuzz targets (Fuzz/Sources/fuzz-*).
    static var fuzzers: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.root.appendingPathComponent("Fuzz/Sources").path)) ?? [])
            .filter { $0.hasPrefix("fuzz-") }.sorted()
    }

    @Test("every fuzzer has regression inputs, and each is replayed by a test below")
    func everyFuzzerHasRegressions() throws {
        #expect(Self.fuzzers == ["fuzz-analyses", "fuzz-csv", "fuzz-output", "fuzz-rules", "fuzz-workshop", "fuzz-xml"],
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
        try timed(path, budget: 20) {
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

    /// As in Fuzz/Sources/fuzz-output: the bytes build a folder (files, sub-folders, links, `.git`, a
    /// manifest that later edits may make stale), then `OutputFolder.write` is asked to replace it. The
    /// fuzzer also compares with a separate model of the rule; here the invariants that need no model are
    /// checked: a refused write changes nothing, a write leaves exactly the new files, nothing is left
    /// beside the folder, and nothing reached through a link is touched.
    @Test(arguments: inputs("fuzz-output"))
    func outputFolder(_ path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        guard let flags = bytes.first else { return }
        let names = ["a.txt", "b.csv", "sub", ".git", ".DS_Store", OutputManifest.fileName, "x", "link"]
        let fm = FileManager.default
        let scratch = try TestSupport.temporaryDirectory()
        defer { try? fm.removeItem(at: scratch) }
        let base = scratch.appendingPathComponent("case").path, out = base + "/out", sentinel = scratch.appendingPathComponent("sentinel").path
        try fm.createDirectory(atPath: base, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: sentinel, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: sentinel + "/keep"))
        let force = flags & 1 == 1
        if flags & 2 == 2 {
            try OutputFolder.write([RenderedFile(path: "a.txt", text: "one"), RenderedFile(path: "sub/b.csv", text: "two")], to: out)
        } else {
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        }
        // Then operations of three bytes: what, which name, which folder (top or sub/).
        var i = 1
        while i + 2 < bytes.count {
            let op = bytes[i], n = bytes[i + 1], d = bytes[i + 2]
            i += 3
            let folder = d & 1 == 0 ? out : out + "/sub"
            let target = folder + "/" + names[Int(n) % names.count]
            switch op % 6 {
            case 0: _ = fm.createFile(atPath: target, contents: Data([n, d]))
            case 1: try? fm.createDirectory(atPath: target, withIntermediateDirectories: true)
            case 2: try? fm.createSymbolicLink(atPath: target, withDestinationPath: d & 2 == 0 ? "a.txt" : sentinel)
            case 3: try? fm.removeItem(atPath: target)
            case 4:
                let files = Self.snapshot(out).filter { $0.value.hasPrefix("f:") && $0.key != OutputManifest.fileName }
                    .map { RenderedFile(path: $0.key, contents: Data($0.value.dropFirst(2).unicodeScalars.map { UInt8($0.value) })) }
                _ = fm.createFile(atPath: out + "/" + OutputManifest.fileName, contents: OutputManifest(command: "fuzz", files: files).rendered().contents)
            default:
                if let handle = FileHandle(forWritingAtPath: target) { handle.seekToEndOfFile(); handle.write(Data([op])); handle.closeFile() }
            }
        }
        let before = Self.snapshot(out)
        var wrote = false
        timed(path) {
            do { try OutputFolder.write([RenderedFile(path: "new.txt", text: "new")], to: out, force: force); wrote = true } catch {}
        }
        if wrote {
            #expect(Self.snapshot(out).keys.sorted() == [OutputManifest.fileName, "new.txt"], "\(path): the new folder is not what was written")
        } else {
            #expect(Self.snapshot(out) == before, "\(path): a refused write changed the folder")
        }
        if before.keys.contains(where: { $0 == ".git" || $0.hasSuffix("/.git") }) {
            #expect(!wrote, "\(path): a folder holding .git was replaced")
        }
        #expect((try? fm.contentsOfDirectory(atPath: base)) == ["out"], "\(path): debris beside the folder")
        #expect((try? String(contentsOfFile: sentinel + "/keep", encoding: .utf8)) == "keep", "\(path): a file reached through a link changed")
    }

    /// Every entry under `folder` without following links: relative path → "d", "l:target" or "f:contents".
    static func snapshot(_ folder: String) -> [String: String] {
        var out: [String: String] = [:]
        func walk(_ path: String, _ relative: String) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                let full = path + "/" + name, rel = relative.isEmpty ? name : relative + "/" + name
                let type = (try? FileManager.default.attributesOfItem(atPath: full))?[.type] as? FileAttributeType
                if type == .typeSymbolicLink {
                    out[rel] = "l:" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
                } else if type == .typeDirectory {
                    out[rel] = "d"
                    walk(full, rel)
                } else {
                    out[rel] = "f:" + ((try? String(contentsOfFile: full, encoding: .isoLatin1)) ?? "?")
                }
            }
        }
        walk(folder, "")
        return out
    }
}
