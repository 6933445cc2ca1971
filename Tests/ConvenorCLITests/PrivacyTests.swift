import Foundation
import Testing
import ConvenorTestSupport

/// Household ids never leave memory (issue 8): plant unique ids in the contacts and look for them in
/// every output of every command, and on stdout and stderr; household counts below the threshold
/// print as `<N` in every output.
@Suite("Privacy", .serialized)
struct PrivacyTests {
    @Test("planted household ids appear in no output, message or log; only convert's contacts file carries them",
          arguments: Security.commands + Security.privacyOnly)
    func canariesNeverLeak(_ command: Security.CommandCase) throws {
        let portfolio = try Security.canaryPortfolio()
        #expect(portfolio.households > 100)
        var scanned = 0
        for input in [portfolio.xml, portfolio.csv] {
            let dir = try CLIRunner.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let run = try CLIRunner.run(command.arguments(input, dir.appendingPathComponent("out").path))
            #expect(command.exitCodes.contains(run.status), "\(command) on \(input): \(run.stderr)")
            let outputs = try Security.collect(run, folder: dir)
            var carried = 0
            for (name, data) in outputs.all {
                scanned += 1
                let text = String(decoding: data, as: UTF8.self)
                let leaks = text.components(separatedBy: Security.canaryPrefix).count - 1
                if command.carriesContacts.contains((name as NSString).lastPathComponent) {
                    carried += leaks
                } else {
                    #expect(leaks == 0, "\(command): \(name) holds \(leaks) household ids")
                }
            }
            if !command.carriesContacts.isEmpty {
                // convert must carry every contact row through, or the test above proves nothing.
                #expect(carried == 9855, "\(command) from \(input) carried \(carried) household ids")
            }
        }
        print("privacy: \(command): scanned \(scanned) outputs (files, zip entries, stdout, stderr)")
    }

    @Test("messages about a broken contacts file never quote its cells")
    func brokenContactsDoNotEcho() throws {
        let portfolio = try Security.canaryPortfolio()
        let path = (portfolio.csv as NSString).appendingPathComponent("contacts.csv")
        let original = try String(contentsOfFile: path, encoding: .utf8)
        var lines = original.split(separator: "\n").map(String.init)
        // Columns shifted on some rows, dates and flags mangled, and a file without its header row.
        for i in stride(from: 1, to: min(lines.count, 200), by: 3) {
            let cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            lines[i] = ([cells[1], cells[0]] + cells.dropFirst(2)).joined(separator: ",")
        }
        for i in stride(from: 2, to: min(lines.count, 200), by: 3) {
            let cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            lines[i] = ([cells[0], cells[1], cells[0], cells[0]]).joined(separator: ",")
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        for arguments in [["validate", portfolio.csv], ["validate", portfolio.csv, "--format", "json"], ["overlap", portfolio.csv, "-o", "/tmp/unused-\(UUID().uuidString)"]] {
            let run = try CLIRunner.run(arguments)
            #expect(run.status == 65)
            #expect((run.stdout + run.stderr).contains("contacts.csv"))
            #expect(!(run.stdout + run.stderr).contains(Security.canaryPrefix), "\(arguments[0]) echoed a household id")
        }
        try Data(lines.dropFirst().joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        let headless = try CLIRunner.run(["validate", portfolio.csv])
        #expect(headless.status == 65)
        #expect(!(headless.stdout + headless.stderr).contains(Security.canaryPrefix), "a contacts file without a header echoed its first row")
    }

    @Test("household counts below the threshold print as <N in every overlap output (CSV, JSON, GraphML, GEXF, DOT, SVG, HTML)",
          arguments: [5, 10])
    func smallNumbersAreSuppressed(threshold: Int) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLIRunner.run(["overlap", CLIRunner.root.appendingPathComponent("examples/northbridge/csv").path,
                                     "-o", dir.appendingPathComponent("out").path, "--suppress-below", "\(threshold)"])
        #expect(run.status == 0, "\(run.stderr)")
        let outputs = try Security.collect(run, folder: dir)
        #expect(outputs.files.count >= 10)
        var marked = 0
        for (name, data) in outputs.all {
            let problems = Security.unsuppressedCounts(in: name, data, threshold: threshold)
            #expect(problems.isEmpty, "\(problems.prefix(5))")
            let text = String(decoding: data, as: UTF8.self)
            marked += text.components(separatedBy: "<\(threshold)").count - 1 + text.components(separatedBy: "&lt;\(threshold)").count - 1
        }
        // The example has pairs sharing 1–4 households, so suppression must have happened somewhere.
        #expect(marked > 0)
    }

    @Test("--no-suppression prints small counts, says so loudly on stderr, and still never prints a household id")
    func noSuppressionIsLoud() throws {
        let portfolio = try Security.canaryPortfolio()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLIRunner.run(["overlap", portfolio.csv, "-o", dir.appendingPathComponent("out").path, "--no-suppression"])
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("""
        warning: DISCLOSURE CONTROL IS OFF: every household count is printed as it is, however small.
        warning: Small counts can identify families. These outputs are for internal analysis only:
        warning: do not publish, share or commit them.
        """))
        let outputs = try Security.collect(run, folder: dir)
        #expect(outputs.all.contains { !Security.unsuppressedCounts(in: $0.0, $0.1).isEmpty }, "small counts should now be visible")
        #expect(!outputs.all.contains { String(decoding: $0.1, as: UTF8.self).contains(Security.canaryPrefix) })
        let lowered = try CLIRunner.run(["overlap", portfolio.csv, "-o", dir.appendingPathComponent("out2").path, "--suppress-below", "3"])
        #expect(lowered.stderr.contains("warning: DISCLOSURE CONTROL IS OFF: only household counts below 3 are suppressed (the safe default is 5)."))
        let safe = try CLIRunner.run(["overlap", portfolio.csv, "-o", dir.appendingPathComponent("out3").path])
        #expect(!safe.stderr.contains("DISCLOSURE"))
    }

    @Test("the checker itself finds unsuppressed counts (so the test above can fail)")
    func checkerFindsSmallCounts() {
        #expect(!Security.unsuppressedCounts(in: "pairs.csv", Data("a,b,shared-households\nx,y,3\n".utf8)).isEmpty)
        #expect(Security.unsuppressedCounts(in: "pairs.csv", Data("a,b,shared-households\nx,y,<5\nx,z,0\nx,w,12\n".utf8)).isEmpty)
        #expect(!Security.unsuppressedCounts(in: "o.json", Data(#"{"pairs":[{"shared-households":2}]}"#.utf8)).isEmpty)
        #expect(Security.unsuppressedCounts(in: "o.json", Data(#"{"households":0.25,"shared-households":"<5"}"#.utf8)).isEmpty)
        #expect(!Security.unsuppressedCounts(in: "o.graphml", Data(#"<data key="shared-households">4</data>"#.utf8)).isEmpty)
        #expect(!Security.unsuppressedCounts(in: "o.gexf", Data(#"<attvalue for="shared-households" value="1"/>"#.utf8)).isEmpty)
        #expect(!Security.unsuppressedCounts(in: "o.dot", Data(#"a -- b [shared_households=3]"#.utf8)).isEmpty)
        #expect(!Security.unsuppressedCounts(in: "index.html", Data("<p>These two share 3 households.</p>".utf8)).isEmpty)
        #expect(!Security.unsuppressedCounts(in: "index.html", Data("<table><tr><th>A</th><th>Shared households</th></tr><tr><td>x</td><td>2</td></tr></table>".utf8)).isEmpty)
        #expect(Security.unsuppressedCounts(in: "index.html", Data("<table><tr><th>A</th><th>Shared households</th></tr><tr><td>x</td><td>&lt;5</td></tr></table>".utf8)).isEmpty)
    }
}
