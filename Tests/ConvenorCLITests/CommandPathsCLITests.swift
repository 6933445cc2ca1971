import Foundation
import Testing
import ConvenorTestSupport

/// End-to-end runs of command paths no other test reached (issue 20): import on the committed
/// fixtures, diff's argument errors, register --rules, overlap --weights/--min-score, pack --templates,
/// and demo's default folder with files equal to the standalone commands'.
@Suite("Command paths end to end")
struct CommandPathsCLITests {
    static let grants = TestSupport.fixture("360giving/grants.json")
    static let activities = TestSupport.fixture("iati/activities.xml")
    static let exampleXML = TestSupport.northbridgeXML

    func scratch() throws -> URL { try TestSupport.temporaryDirectory() }

    // MARK: import

    @Test("import 360giving: the fixture becomes a portfolio validate accepts, with the summary saying what was made")
    func import360Giving() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("grants.xml").path
        let run = try CLIRunner.run(["import", "360giving", Self.grants, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "Example Community Foundation grants: read 4 grants from 1 file; 2 initiatives, 5 organisations, 3 neighbourhoods, 0 cohorts, as of 2024-09-30 — 0 errors, 0 warnings. Wrote \(out)\n")
        let xml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(xml.contains(#"<initiative id="FOOD" name="Food in the community""#))
        #expect(xml.contains(#"amount="20000""#), "FOOD's two grants (12,000 + 8,000) are not summed")
        let validate = try CLIRunner.run(["validate", out])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.hasPrefix("Example Community Foundation grants: 2 initiatives, 3 neighbourhoods"))
    }

    @Test("import 360giving --area --wards --cohort --place --as-of: each option changes the portfolio as documented")
    func import360GivingOptions() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("area.xml").path
        let run = try CLIRunner.run(["import", "360giving", Self.grants, "-o", out, "--area", "E08099999", "--wards",
                                     "--cohort", "Community groups", "--place", "Exampleton", "--as-of", "2025-01-31"])
        #expect(run.status == 0, "\(run.stderr)")
        // --area drops the Elsewhere grant; --wards puts the three others in their recipients' ward.
        #expect(run.stdout.hasPrefix("Exampleton: read 4 grants from 1 file (1 outside the area); 2 initiatives, 4 organisations, 1 neighbourhood, 1 cohort, as of 2025-01-31"))
        let xml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(xml.contains(#"<neighbourhood id="E05099901" name="Example North""#))
        #expect(!xml.contains("E01099901") && !xml.contains("Elsewhere"))
        #expect(xml.contains(#"<cohort id="cohort:community-groups" name="Community groups"/>"#))
        #expect(xml.components(separatedBy: "<cohorts>cohort:community-groups</cohorts>").count - 1 == 2)
        #expect(xml.contains(#"place="Exampleton" code="E08099999" as-of="2025-01-31""#))
        // Without --wards the grants stay in their LSOAs.
        let lsoa = dir.appendingPathComponent("lsoa.xml").path
        _ = try CLIRunner.run(["import", "360giving", Self.grants, "-o", lsoa, "--area", "E08099999"])
        let lsoaXML = try String(contentsOfFile: lsoa, encoding: .utf8)
        #expect(lsoaXML.contains(#"<neighbourhood id="E01099901""#) && lsoaXML.contains(#"<neighbourhood id="E01099902""#))
    }

    @Test("import iati: a CSV folder, the misspelt attribute warned on its line, --lang picks the narratives")
    func importIATI() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let english = dir.appendingPathComponent("en").path
        let run = try CLIRunner.run(["import", "iati", Self.activities, "-o", english])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("\(Self.activities):23: warning: [misspelt-attribute] activity-date has 'iso_date' instead of 'iso-date'; it was read as iso-date"))
        #expect(run.stdout.hasPrefix("IATI activities: read 2 activities from 1 file; 2 initiatives, 2 organisations, 1 neighbourhood, 2 cohorts, as of 2025-06-30 — 0 errors, 1 warning."))
        let initiatives = try String(contentsOfFile: english + "/initiatives.csv", encoding: .utf8)
        #expect(initiatives.contains("XM-EXAMPLE-1-health,Community health workers,"))
        #expect(try CLIRunner.run(["validate", english]).status == 0)

        let french = dir.appendingPathComponent("fr").path
        let fr = try CLIRunner.run(["import", "iati", Self.activities, "-o", french, "--lang", "fr"])
        #expect(fr.status == 0, "\(fr.stderr)")
        let frInitiatives = try String(contentsOfFile: french + "/initiatives.csv", encoding: .utf8)
        #expect(frInitiatives.contains("XM-EXAMPLE-1-health,Agents de santé communautaires,"))
        #expect(frInitiatives.contains("XM-EXAMPLE-1-water,Eau potable pour les écoles,"))
    }

    @Test("import: a missing file (74), an unknown format (64), truncated XML and JSON (65); nothing written")
    func importErrors() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.xml").path

        let missing = try CLIRunner.run(["import", "iati", dir.appendingPathComponent("nope.xml").path, "-o", out])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("nope.xml: error: cannot read the file"))

        let unknown = try CLIRunner.run(["import", "csv", Self.grants])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Usage: convenor import <subcommand>"))

        let cutXML = try TestSupport.write(Data(try Data(contentsOf: URL(fileURLWithPath: Self.activities)).prefix(900)), named: "cut.xml", in: dir)
        let xml = try CLIRunner.run(["import", "iati", cutXML, "-o", out])
        #expect(xml.status == 65)
        #expect(xml.stderr.contains("\(cutXML):11:21: error: [malformed-xml]"), "\(xml.stderr)")

        let cutJSON = try TestSupport.write(Data(try Data(contentsOf: URL(fileURLWithPath: Self.grants)).prefix(700)), named: "cut.json", in: dir)
        let json = try CLIRunner.run(["import", "360giving", cutJSON, "-o", out])
        #expect(json.status == 65)
        #expect(json.stderr.contains("\(cutJSON):14:85: error: [truncated-json]"), "\(json.stderr)")

        #expect(!FileManager.default.fileExists(atPath: out), "a failed import wrote its output")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["cut.json", "cut.xml"])
    }

    // MARK: diff

    @Test("diff: a missing file is 74 naming it; a missing or extra argument and a bad --format are usage errors (64)")
    func diffErrors() throws {
        let missing = try CLIRunner.run(["diff", "no/such.xml", Self.exampleXML])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("no/such.xml: error: no such file or folder"))
        let missingNew = try CLIRunner.run(["diff", Self.exampleXML, "no/such"])
        #expect(missingNew.status == 74)
        #expect(missingNew.stderr.contains("no/such: error:"))
        let one = try CLIRunner.run(["diff", Self.exampleXML])
        #expect(one.status == 64)
        #expect(one.stderr.contains("Missing expected argument '<new>'"))
        let three = try CLIRunner.run(["diff", Self.exampleXML, Self.exampleXML, "extra"])
        #expect(three.status == 64)
        #expect(three.stderr.contains("Unexpected argument 'extra'"))
        let format = try CLIRunner.run(["diff", Self.exampleXML, TestSupport.northbridgeCSV, "--format", "xml"])
        #expect(format.status == 64)
        #expect(format.stderr.contains("Please provide one of 'text', 'markdown' or 'json'"))
        // The same portfolio in its two forms: no changes, exit 0.
        let same = try CLIRunner.run(["diff", Self.exampleXML, TestSupport.northbridgeCSV])
        #expect(same.status == 0, "\(same.stderr)")
    }

    // MARK: register --rules

    @Test("register --rules: a shorter pilotitis limit and funding-cliff off change the recommendations")
    func registerRules() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rules = try TestSupport.write("""
        <rules xmlns="urn:convenor:rules:1">
          <rule id="pilotitis" months="6"/>
          <rule id="funding-cliff" severity="off"/>
        </rules>
        """, named: "convenor.rules.xml", in: dir)
        let plain = try CLIRunner.run(["register", Self.exampleXML, "-o", dir.appendingPathComponent("plain").path])
        let ruled = try CLIRunner.run(["register", Self.exampleXML, "-o", dir.appendingPathComponent("ruled").path, "--rules", rules])
        #expect(plain.status == 0 && ruled.status == 0, "\(plain.stderr)\(ruled.stderr)")
        #expect(plain.stdout.hasPrefix("Northbridge, as of 2026-11-01: 41 initiatives — "))
        #expect(ruled.stdout.hasPrefix("Northbridge, as of 2026-11-01: 41 initiatives — "))
        let before = try String(contentsOf: dir.appendingPathComponent("plain/register.csv"), encoding: .utf8)
        let after = try String(contentsOf: dir.appendingPathComponent("ruled/register.csv"), encoding: .utf8)
        #expect(before.split(separator: "\n").filter { $0.contains("funding-cliff") }.count == 11)
        #expect(!after.contains("funding-cliff"), "funding-cliff is off but still reported")
        #expect(after.components(separatedBy: "pilotitis").count > before.components(separatedBy: "pilotitis").count,
                "a 6-month pilotitis limit should flag more pilots than the default")
    }

    @Test("register --rules with a bad file: 65 with the line and field; a missing file: 74; nothing written")
    func registerBadRules() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try TestSupport.write("<rules xmlns=\"urn:convenor:rules:1\">\n  <rule id=\"pilotitis\" months=\"soon\"/>\n</rules>\n",
                                        named: "bad.xml", in: dir)
        let out = dir.appendingPathComponent("out").path
        let run = try CLIRunner.run(["register", Self.exampleXML, "-o", out, "--rules", bad])
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(bad):2:24: error: [schema-violation] Element 'rule', attribute 'months': 'soon' is not a valid value"))
        let missing = try CLIRunner.run(["register", Self.exampleXML, "-o", out, "--rules", dir.appendingPathComponent("none.xml").path])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("none.xml: error: cannot read the file"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    // MARK: overlap --weights and --min-score

    @Test("overlap --min-score: a higher threshold leaves fewer initiatives in clusters; --weights changes the scores")
    func overlapScoring() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        func overlap(_ name: String, _ extra: [String]) throws -> (stdout: String, pairs: CSVTable, clusters: CSVTable) {
            let out = dir.appendingPathComponent(name)
            let run = try CLIRunner.run(["overlap", Self.exampleXML, "-o", out.path, "--format", "csv"] + extra)
            try #require(run.status == 0, "\(run.stderr)")
            return (run.stdout, CSVTable(try Data(contentsOf: out.appendingPathComponent("pairs.csv"))),
                    CSVTable(try Data(contentsOf: out.appendingPathComponent("clusters.csv"))))
        }
        let standard = try overlap("standard", [])
        let strict = try overlap("strict", ["--min-score", "0.6"])
        #expect(standard.stdout.contains("600 overlapping pairs"))
        // Pairs are listed whatever the threshold; clusters only join pairs at or above it, so fewer
        // initiatives are clustered (the big clusters break up into smaller ones).
        #expect(strict.pairs.rows.count == standard.pairs.rows.count)
        #expect(strict.stdout.contains("600 overlapping pairs") && strict.stdout != standard.stdout, "\(strict.stdout)")
        let strictMembers = strict.clusters.records.compactMap { $0["size"].flatMap(Int.init) }.reduce(0, +)
        let standardMembers = standard.clusters.records.compactMap { $0["size"].flatMap(Int.init) }.reduce(0, +)
        #expect(strictMembers < standardMembers)

        // Only households count: every score equals the pair's household overlap.
        let households = try overlap("households", ["--weights", "place=0,cohort=0,reach=0,households=1,outcomes=0,teams=0"])
        #expect(households.pairs.rows.count == standard.pairs.rows.count)
        var differs = 0
        for row in households.pairs.records {
            #expect(row["score"] == row["household-overlap"], "\(row["a"] ?? "")–\(row["b"] ?? ""): score \(row["score"] ?? "") ≠ household-overlap \(row["household-overlap"] ?? "")")
        }
        let standardScores = Dictionary(standard.pairs.records.map { ("\($0["a"] ?? "")|\($0["b"] ?? "")", $0["score"] ?? "") }, uniquingKeysWith: { a, _ in a })
        for row in households.pairs.records where standardScores["\(row["a"] ?? "")|\(row["b"] ?? "")"] != row["score"] { differs += 1 }
        #expect(differs > 500, "--weights changed only \(differs) of 600 scores")
    }

    // MARK: pack --templates

    @Test("pack --templates: a template in the folder replaces the built-in one; the rest stay built in")
    func packTemplates() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let templates = dir.appendingPathComponent("templates")
        _ = try TestSupport.write("{{% CONTENT_TYPE: TEXT}}\nOUR OWN AGENDA for {{place}}\n{{#agenda}}{{time}} {{title}}\n{{/agenda}}",
                                  named: "pack/agenda.md.mustache", in: templates)
        let out = dir.appendingPathComponent("pack").path
        let run = try CLIRunner.run(["pack", "pilot-review", "--portfolio", Self.exampleXML, "-o", out, "--templates", templates.path])
        #expect(run.status == 0, "\(run.stderr)")
        let agenda = try String(contentsOfFile: out + "/agenda.md", encoding: .utf8)
        #expect(agenda.hasPrefix("OUR OWN AGENDA for Northbridge\n09:30–09:45 Welcome"), "\(agenda.prefix(200))")
        // index.html still comes from the built-in template.
        let standard = dir.appendingPathComponent("standard").path
        _ = try CLIRunner.run(["pack", "pilot-review", "--portfolio", Self.exampleXML, "-o", standard])
        #expect(FileManager.default.contents(atPath: out + "/index.html") == FileManager.default.contents(atPath: standard + "/index.html"))
        #expect(FileManager.default.contents(atPath: out + "/agenda.md") != FileManager.default.contents(atPath: standard + "/agenda.md"))

        let broken = dir.appendingPathComponent("broken")
        _ = try TestSupport.write("{{#agenda}}never closed", named: "pack/agenda.md.mustache", in: broken)
        let bad = try CLIRunner.run(["pack", "pilot-review", "--portfolio", Self.exampleXML, "-o", dir.appendingPathComponent("bad").path,
                                     "--templates", broken.path])
        #expect(bad.status == 65, "\(bad.stderr)")
        #expect(bad.stderr.contains("agenda.md.mustache"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad").path))
    }

    @Test("register, overlap and scenario --templates: report templates and the stylesheet come from the folder, as for packs")
    func reportTemplates() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let templates = dir.appendingPathComponent("templates")
        _ = try TestSupport.write("{{% CONTENT_TYPE: TEXT}}\nOUR REGISTER for {{place}}\n", named: "report/register.md.mustache", in: templates)
        _ = try TestSupport.write("/* our house style */", named: "shared/convenor.css", in: templates)
        let register = try CLIRunner.run(["register", Self.exampleXML, "-o", dir.appendingPathComponent("register").path, "--templates", templates.path])
        #expect(register.status == 0, "\(register.stderr)")
        #expect(try String(contentsOfFile: dir.appendingPathComponent("register/register.md").path, encoding: .utf8) == "OUR REGISTER for Northbridge\n")
        #expect(try String(contentsOfFile: dir.appendingPathComponent("register/register.html").path, encoding: .utf8).contains("/* our house style */"))
        let overlap = try CLIRunner.run(["overlap", Self.exampleXML, "-o", dir.appendingPathComponent("overlap").path, "--format", "html", "--templates", templates.path])
        #expect(overlap.status == 0, "\(overlap.stderr)")
        #expect(try String(contentsOfFile: dir.appendingPathComponent("overlap/index.html").path, encoding: .utf8).contains("/* our house style */"))
        let scenario = try CLIRunner.run(["scenario", Self.exampleXML, "--stop", "knife-crime-assemblies", "-o", dir.appendingPathComponent("scenario").path,
                                          "--templates", templates.path])
        #expect(scenario.status == 0, "\(scenario.stderr)")
        #expect(try String(contentsOfFile: dir.appendingPathComponent("scenario/scenario.html").path, encoding: .utf8).contains("/* our house style */"))

        _ = try TestSupport.write("{{#figures}}never closed", named: "report/overlap.html.mustache", in: templates)
        let bad = try CLIRunner.run(["overlap", Self.exampleXML, "-o", dir.appendingPathComponent("bad").path, "--templates", templates.path])
        #expect(bad.status == 65, "\(bad.stderr)")
        #expect(bad.stderr.contains("overlap.html.mustache"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad").path))
    }

    // MARK: demo

    @Test("demo with no -o writes ./convenor-demo, and its files are byte-equal to the standalone commands' on the same portfolio")
    func demoMatchesStandaloneCommands() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLIRunner.run(["demo"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Convenor demo — wrote convenor-demo/\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["convenor-demo"])
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("convenor-demo/.convenor-manifest.json").path))
        let demo = dir.appendingPathComponent("convenor-demo")
        let portfolio = demo.appendingPathComponent("portfolio/portfolio.xml").path

        // The bundled example is the repository's example, byte for byte.
        #expect(FileManager.default.contents(atPath: portfolio) == FileManager.default.contents(atPath: Self.exampleXML))

        let standalone = dir.appendingPathComponent("standalone")
        for (command, folder) in [(["overlap", portfolio, "-o", standalone.appendingPathComponent("overlap").path], "overlap"),
                                  (["register", portfolio, "-o", standalone.appendingPathComponent("register").path], "register"),
                                  (["pack", "pilot-review", "--portfolio", portfolio, "-o", standalone.appendingPathComponent("pack-pilot-review").path], "pack-pilot-review")] {
            let r = try CLIRunner.run(command)
            try #require(r.status == 0, "\(command): \(r.stderr)")
            // Each output root has its own manifest (the demo's is at the top of convenor-demo/).
            let mine = try Security.tree(demo.appendingPathComponent(folder)).filter { $0.key != ".convenor-manifest.json" }
            let theirs = try Security.tree(standalone.appendingPathComponent(folder)).filter { $0.key != ".convenor-manifest.json" }
            #expect(!mine.isEmpty && mine.keys.sorted() == theirs.keys.sorted(), "\(folder): \(mine.keys.sorted()) vs \(theirs.keys.sorted())")
            for (path, data) in theirs {
                #expect(mine[path] == data, "demo's \(folder)/\(path) differs from `convenor \(command[0])`'s")
            }
        }
    }
}
