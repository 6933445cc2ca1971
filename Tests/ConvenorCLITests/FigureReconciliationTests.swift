import ConvenorCore
import ConvenorTestSupport
import Foundation
import Testing
import ConvenorTestSupport

/// Issue 12: every figure appears with the same value wherever it is shown. Renders every output of a place
/// through the command line (demo, overlap, register and two more packs) and reads each figure back out of
/// HTML, Markdown, DOCX, PPTX, XLSX, JSON, CSV and the CLI's summary lines.
@Suite("Every output agrees on every figure")
struct FigureReconciliationTests {
    @Test("the example place")
    func examplePlace() throws {
        try Reconciliation(portfolio: TestSupport.root.appendingPathComponent("examples/northbridge/portfolio.xml").path).checkAll()
    }

    /// Figures worked out by hand from examples/northbridge/portfolio.xml (as of 2026-11-01), as issue 12 quotes them.
    @Test("headline figures of the example, worked out by hand")
    func handComputed() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["demo", "-o", dir.appendingPathComponent("demo").path])
        #expect(r.status == 0)
        let rows = Dictionary(uniqueKeysWithValues: OutputText.csvRecords(try String(contentsOf: dir.appendingPathComponent("demo/register/register.csv"), encoding: .utf8))
            .map { ($0["id"] ?? "", $0) })
        // Child poverty champions: the UKSPF line ended on 2026-03-31; the Household Support Fund's £60,000 runs 2026-04-01 to 2027-03-31 (365 days).
        #expect(rows["child-poverty-champions"]?["annual-funding"] == "60000")
        // WorkWell: £1,150,000 from 2024-10-01 to 2027-03-31 is 912 days: 1,150,000 × 365 / 912 = 460,252.19.
        #expect(rows["workwell"]?["annual-funding"] == "460252")
        // The two stops: digital inclusion kiosks (£130,000 over 1,246 days = £38,082) and knife crime assemblies (£45,000 a year).
        #expect(rows.values.filter { $0["recommendation"] == "stop" }.compactMap { $0["id"] }.sorted() == ["digital-inclusion-kiosks", "knife-crime-assemblies"])
        #expect(rows["digital-inclusion-kiosks"]?["annual-funding"] == "38082")
        #expect(r.stdout.contains("£83,082 a year freed by the recommended stops"))
        // A proposal's funding has not started: it counts the money it asks for (£240,000 a year from January 2027).
        #expect(rows["rough-sleeper-hub-pilot"]?["annual-funding"] == "240000")
        // Riverside: 27 active initiatives (23 live), 28 teams, 26 front doors, 30.4 FTE, in every output that shows it.
        let riverside = try #require(OutputText.csvRecords(try String(contentsOf: dir.appendingPathComponent("demo/overlap/neighbourhoods.csv"), encoding: .utf8))
            .first { $0["neighbourhood"] == "riverside" })
        #expect([riverside["active-initiatives"], riverside["live-initiatives"], riverside["teams"], riverside["front-doors"], riverside["fte"]]
                == ["27", "23", "28", "26", "30.44"])
        // 600 pairs share something; 91 of them score 0.35 or more; 8 consolidation groups (issue 13).
        #expect(r.stdout.contains("41 active initiatives, 600 overlapping pairs, 91 linked (score 0.35 or more), 8 clusters"))
        // Community power's cliff is its core budget line ending 2026-12-31, and the card says so.
        let cards = try String(contentsOf: dir.appendingPathComponent("demo/pack-pilot-review/cards.html"), encoding: .utf8)
        #expect(cards.contains("<dt>Funding cliff</dt><dd>31 December 2026 (Core budget) </dd>"))
    }

    @Test("an independent Python check of the headline figures agrees", .needs(.python3))
    func independentCheck() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLIRunner.run(["demo", "-o", dir.path + "/demo"]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestSupport.root.appendingPathComponent("Tests/Independent/figures_check.py").path,
                             TestSupport.root.appendingPathComponent("examples/northbridge/portfolio.xml").path, dir.path + "/demo"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.hasPrefix("figures agree: 41 active initiatives"))
    }

    @Test("a synthetic place built in the test")
    func syntheticPlace() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try SyntheticPlace.write(to: dir)
        try Reconciliation(portfolio: path).checkAll()
    }
}

/// A place with every kind of funding line (yearly, total, ended, running, future, open-ended), every status,
/// pilots with and without reviews and decisions, teams with and without neighbourhoods, and contacts.
enum SyntheticPlace {
    static func write(to dir: URL) throws -> String {
        var seed: UInt64 = 0x5EED_F16E
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let asOf = CalendarDate(year: 2026, month: 6, day: 15)!
        let neighbourhoods = (1...7).map { Neighbourhood(id: "n\($0)", name: "Ward \($0)", population: 5000 + 700 * $0, imdDecile: $0) }
        var teams: [Team] = []
        for k in 1...9 {
            var covered: [String] = []
            if k % 4 != 0 { for j in 0..<(1 + k % 3) { covered.append("n\(1 + (k + j * 2) % 7)") } }
            let fte = Decimal(k) + Decimal(k % 2) / 2
            teams.append(Team(id: "t\(k)", name: "Team \(k)", organisation: "o1", department: ["Housing", "Health", "Skills"][k % 3],
                              fte: fte, neighbourhoods: covered))
        }
        let statuses: [InitiativeStatus] = [.live, .live, .live, .proposed, .paused, .mainstreamed, .ended, .stopped]
        let kinds: [InitiativeKind] = [.pilot, .pilot, .service, .project, .programme]
        var initiatives: [Initiative] = []
        for k in 1...26 {
            let status = statuses[next(statuses.count)]
            let closed = status == .ended || status == .stopped
            let start = asOf.adding(months: status == .proposed ? 2 + next(6) : closed ? -(12 + next(30)) : -(3 + next(40)))
            var funding: [FundingLine] = []
            for line in 0..<(1 + next(3)) {
                let lineStart = start.adding(months: line * 10)
                let end: CalendarDate? = next(5) == 0 ? nil : lineStart.adding(months: 4 + next(30)).adding(days: -1)
                let per: FundingPeriod = next(2) == 0 ? .year : .total
                funding.append(FundingLine(source: ["Core budget", "Grant A", "Grant B", "Lottery"][next(4)],
                                           kind: [FundingKind.core, .grant, .pooled, .external][next(4)],
                                           amount: Decimal(10_000 * (1 + next(40)) + next(997)), per: per, start: lineStart, end: end))
            }
            let coverage: Coverage = next(6) == 0 ? .everywhere : .neighbourhoods((0..<(1 + next(3))).map { _ in "n\(1 + next(7))" })
            let decision: Decision? = next(4) == 0
                ? Decision(value: [DecisionValue.continue, .scale, .stop][next(3)], date: asOf.adding(months: -next(14)), by: "Board") : nil
            initiatives.append(Initiative(
                id: "i\(k)", name: "Initiative \(k)", kind: kinds[next(kinds.count)], status: status, owner: "o1", department: "Housing",
                start: start, end: closed ? asOf.adding(months: -1 - next(10)) : nil, funding: funding,
                teams: (0..<(1 + next(2))).map { _ in "t\(1 + next(9))" }, coverage: coverage, cohorts: ["c\(1 + next(3))"],
                outcomes: ["o\(1 + next(3))"], assessment: next(2) == 0 ? Assessment(name: "Assessment \(k)", unitCost: Decimal(50 + next(200))) : nil,
                caseload: 10 + next(300), evidence: next(3) == 0 ? Evidence(level: [.anecdotal, .monitoring, .evaluated][next(3)], result: [.positive, .negative, .mixed][next(3)], date: asOf.adding(months: -next(10))) : nil,
                review: next(3) > 0 ? Review(date: asOf.adding(months: 3 - next(9)), owner: "Head of Service") : nil, decision: decision))
        }
        var contacts = ContactLog.Builder()
        for h in 0..<400 {
            for _ in 0..<(1 + next(4)) {
                contacts.append(household: "h\(h)", initiative: "i\(1 + next(26))", date: asOf.adding(days: -next(500)), assessed: next(2) == 0)
            }
        }
        let portfolio = Portfolio(place: Place(name: "Synthville", code: "E06000999", asOf: asOf),
                                  neighbourhoods: neighbourhoods, organisations: [Organisation(id: "o1", name: "Synthville Council")],
                                  teams: teams, cohorts: (1...3).map { Cohort(id: "c\($0)", name: "Cohort \($0)") },
                                  outcomes: (1...3).map { Outcome(id: "o\($0)", name: "Outcome \($0)") },
                                  initiatives: initiatives, contacts: contacts.build())
        let xml = dir.appendingPathComponent("synthville.xml")
        try Data(XMLPortfolioWriter.render(portfolio, contactsFile: "synthville-contacts.csv").utf8).write(to: xml)
        try CSVPortfolioWriter.contactsCSV(portfolio.contacts).write(to: dir.appendingPathComponent("synthville-contacts.csv"))
        return xml.path
    }
}

/// Runs every command on one portfolio and checks each figure in every file that shows it.
struct Reconciliation {
    let input: String
    let out: URL
    let figures: PlaceFigures
    let demoStdout: String, overlapStdout: String, registerStdout: String

    init(portfolio input: String) throws {
        self.input = input
        out = try CLIRunner.temporaryDirectory()
        func run(_ args: [String]) throws -> String {
            let r = try CLIRunner.run(args)
            #expect(r.status == 0, "convenor \(args.joined(separator: " ")): \(r.stderr)")
            return r.stdout
        }
        demoStdout = try run(["demo", "--portfolio", input, "-o", out.appendingPathComponent("demo").path])
        overlapStdout = try run(["overlap", input, "-o", out.appendingPathComponent("overlap").path])
        registerStdout = try run(["register", input, "-o", out.appendingPathComponent("register").path])
        for workshop in ["system-wide", "overlap-walk"] {
            _ = try run(["pack", workshop, "--portfolio", input, "-o", out.appendingPathComponent(workshop).path])
        }
        let loaded = try PortfolioLoader.load(input)
        figures = try Workflows.Analysis(loaded, settings: try RulesFile.settings(forPortfolio: input)).figures
    }

    func text(_ path: String) throws -> String { try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8) }
    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(path))) as? [String: Any])
    }
    func parts(_ path: String) throws -> [String: String] { try OutputText.parts(out.appendingPathComponent(path)) }
    /// Word's body text, and every slide with its speaker notes.
    func docxText(_ path: String) throws -> String { OutputText.ooxml(try parts(path)["word/document.xml"] ?? "", text: "w:t") }
    func pptxText(_ path: String) throws -> String {
        try parts(path).filter { $0.key.hasPrefix("ppt/slides/slide") || $0.key.hasPrefix("ppt/notesSlides/") }
            .sorted { $0.key < $1.key }.map { OutputText.ooxml($0.value, text: "a:t") }.joined(separator: " ")
    }
    func pptxRows(_ path: String) throws -> [[String]] {
        try parts(path).filter { $0.key.hasPrefix("ppt/slides/slide") }.sorted { $0.key < $1.key }.flatMap { OutputText.ooxmlRows($0.value, prefix: "a") }
    }
    func docxRows(_ path: String) throws -> [[String]] { OutputText.ooxmlRows(try parts(path)["word/document.xml"] ?? "", prefix: "w") }

    var money: (Decimal) -> String { figures.money }
    var packs: [String] { ["demo/pack-pilot-review", "system-wide", "overlap-walk"] }

    func checkAll() throws {
        defer { try? FileManager.default.removeItem(at: out) }
        try overlapCounts()
        try neighbourhoods()
        try fundingAYearPerInitiative()
        try registerHeadlines()
        try pilotsNeedingDecision()
        try cliffs()
        try fundingEndsByQuarter()
        try placeMoney()
    }

    // MARK: the overlap map's counts

    func overlapCounts() throws {
        let o = figures.overlap
        // The CLI: the overlap command and the demo say the same.
        for line in [overlapStdout, demoStdout] {
            let n = Capture.strings(line, #"([\d,]+) active initiatives, ([\d,]+) overlapping pairs, ([\d,]+) linked \(score ([\d.]+) or more\), ([\d,]+) cluster"#)
            #expect(n == [Format.count(o.activeInitiatives), Format.count(o.overlappingPairs), Format.count(o.linkedPairs), o.minScoreText,
                          Format.count(o.clusters)], "CLI: \(line)")
        }
        for folder in ["overlap", "demo/overlap"] {
            let summary = try json("\(folder)/summary.json")
            #expect(summary["active-initiatives"] as? Int == o.activeInitiatives)
            #expect(summary["pairs"] as? Int == o.overlappingPairs)
            #expect(summary["edges"] as? Int == o.linkedPairs)
            #expect(summary["clusters"] as? Int == o.clusters)
            #expect((try json("\(folder)/overlap.json")["summary"] as? [String: Any])?["edges"] as? Int == o.linkedPairs)
            let pairs = OutputText.csvRecords(try text("\(folder)/pairs.csv"))
            #expect(pairs.count == o.overlappingPairs, "pairs.csv has every overlapping pair")
            #expect(pairs.count { Double($0["score"] ?? "") ?? 0 >= o.minScore } == o.linkedPairs)
            #expect(OutputText.csvRecords(try text("\(folder)/clusters.csv")).count == o.clusters)
            let page = OutputText.html(try text("\(folder)/index.html"))
            #expect(Capture.ints(page, #"([\d,]+) active initiatives not ended or stopped"#) == [o.activeInitiatives])
            #expect(Capture.ints(page, #"([\d,]+) linked pairs score [\d.]+ or more, of ([\d,]+) overlapping pairs"#) == [o.linkedPairs, o.overlappingPairs])
            #expect(Capture.ints(page, #"([\d,]+) consolidation candidates"#) == [o.clusters])
        }
        // The register lists every active initiative.
        #expect(OutputText.csvRecords(try text("register/register.csv")).count == o.activeInitiatives)
        #expect(figures.active == o.activeInitiatives)
    }

    // MARK: per neighbourhood

    func neighbourhoods() throws {
        let byName = Dictionary(figures.neighbourhoods.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: [String: Int] = [:]
        func check(_ where_: String, name: String, active: String, teams: String, fte: String?, doors: String) {
            guard let n = byName[name] else { return }
            seen[where_, default: 0] += 1
            #expect(Int(active) == n.activeInitiatives, "\(where_): \(name) active initiatives \(active), figures \(n.activeInitiatives)")
            #expect(Int(teams) == n.teams, "\(where_): \(name) teams \(teams), figures \(n.teams)")
            #expect(Int(doors) == n.frontDoors, "\(where_): \(name) front doors \(doors), figures \(n.frontDoors)")
            if let fte { #expect(fte == Format.fte(n.fte), "\(where_): \(name) FTE \(fte), figures \(Format.fte(n.fte))") }
        }
        /// Pack tables: name, population, IMD decile, active, "teams (FTE)", front doors; or name, active, "teams (FTE)", front doors.
        func packRow(_ where_: String, _ row: [String]) {
            guard let name = row.first, byName[name] != nil else { return }
            let cells = row.count == 6 ? Array(row[3...]) : row.count == 4 ? Array(row[1...]) : []
            guard cells.count == 3 else { return }
            let tf = Capture.strings(cells[1], #"^(\d+) \(([\d.,]+)\)$"#)
            #expect(tf.count == 2, "\(where_): teams cell '\(cells[1])'")
            check(where_, name: name, active: cells[0], teams: tf.first ?? "", fte: tf.last, doors: cells[2])
        }
        for folder in ["overlap", "demo/overlap"] {
            for r in OutputText.csvRecords(try text("\(folder)/neighbourhoods.csv")) {
                let n = try #require(figures.neighbourhoods.first { $0.id == r["neighbourhood"] })
                check("neighbourhoods.csv", name: n.name, active: r["active-initiatives"] ?? "", teams: r["teams"] ?? "",
                      fte: Format.fte(Double(r["fte"] ?? "") ?? -1), doors: r["front-doors"] ?? "")
                #expect(Int(r["live-initiatives"] ?? "") == n.liveInitiatives)
            }
            for case let n as [String: Any] in try json("\(folder)/overlap.json")["neighbourhoods"] as? [Any] ?? [] {
                check("overlap.json", name: n["name"] as? String ?? "", active: String(n["active-initiatives"] as? Int ?? -1),
                      teams: String(n["teams"] as? Int ?? -1), fte: Format.fte(n["fte"] as? Double ?? -1), doors: String(n["front-doors"] as? Int ?? -1))
            }
            for row in OutputText.htmlRows(try text("\(folder)/index.html")) where row.count == 8 {
                check("overlap index.html", name: row[0], active: row[3], teams: row[4], fte: row[6], doors: row[5])
            }
        }
        for pack in ["system-wide", "overlap-walk"] {
            for row in OutputText.htmlRows(try text("\(pack)/index.html")) { packRow("\(pack) index.html", row) }
            for row in OutputText.markdownRows(try text("\(pack)/facilitator-guide.md")) { packRow("\(pack) facilitator-guide.md", row) }
            for row in try docxRows("\(pack)/facilitator-guide.docx") { packRow("\(pack) facilitator-guide.docx", row) }
            for row in try pptxRows("\(pack)/slides.pptx") { packRow("\(pack) slides.pptx", row) }
        }
        let shown = min(8, figures.neighbourhoods.count)
        for (where_, least) in [("neighbourhoods.csv", figures.neighbourhoods.count), ("overlap.json", figures.neighbourhoods.count),
                                ("overlap index.html", figures.neighbourhoods.count), ("overlap-walk index.html", shown),
                                ("overlap-walk facilitator-guide.md", shown), ("overlap-walk facilitator-guide.docx", shown),
                                ("overlap-walk slides.pptx", shown), ("system-wide slides.pptx", shown)] {
            #expect((seen[where_] ?? 0) >= least, "\(where_) shows \(seen[where_] ?? 0) neighbourhoods, expected at least \(least)")
        }
    }

    // MARK: per initiative

    func fundingAYearPerInitiative() throws {
        let f = figures.byInitiative
        var seen: [String: Int] = [:]
        func check(_ where_: String, _ id: String?, name: String? = nil, _ shown: String) {
            let match = id.flatMap { f[$0] } ?? f.values.first { $0.name == name }
            guard let i = match else { return }
            seen[where_, default: 0] += 1
            #expect(shown == money(i.fundingAYear) || shown == plain(i.fundingAYear), "\(where_): \(i.name) funding a year \(shown), figures \(money(i.fundingAYear))")
        }
        for folder in ["register", "demo/register"] {
            for r in OutputText.csvRecords(try text("\(folder)/register.csv")) { check("register.csv", r["id"], r["annual-funding"] ?? "") }
            for case let e as [String: Any] in try json("\(folder)/register.json")["initiatives"] as? [Any] ?? [] {
                check("register.json", e["id"] as? String, e["annualFunding"] as? String ?? "")
            }
            for row in OutputText.markdownRows(try text("\(folder)/register.md")) where row.count == 9 { check("register.md", nil, name: row[1], row[5]) }
            for row in OutputText.htmlRows(try text("\(folder)/register.html")) where row.count >= 5 {
                if let i = f.values.filter({ row[1].hasPrefix($0.name) }).max(by: { $0.name.count < $1.name.count }) { check("register.html", i.id, row[3]) }
            }
            let sheet = OutputText.sheetRows(try parts("\(folder)/register.xlsx")["xl/worksheets/sheet1.xml"] ?? "")
            // Columns found by their headings: the sheet orders them for print.
            let idColumn = try #require(sheet.first?.first { $0.value == "ID" }?.key)
            let fundingColumn = try #require(sheet.first?.first { $0.value == "Funding a year" }?.key)
            for row in sheet.dropFirst() { check("register.xlsx", row[idColumn], row[fundingColumn] ?? "") }
        }
        for pack in ["demo/pack-pilot-review", "system-wide"] {
            let cards = try text("\(pack)/cards.html")
            for i in f.values {
                for amount in Capture.strings(cards, "<h3>" + NSRegularExpression.escapedPattern(for: escape(i.name)) + #"</h3>.*?<dt>Funding</dt><dd>([^ <]+) a year"#) {
                    check("\(pack) cards.html", i.id, amount)
                }
            }
            for row in OutputText.htmlRows(try text("\(pack)/index.html")) where row.count == 6 && row[1].hasSuffix(" a year") {
                if let i = f.values.filter({ row[0].hasPrefix($0.name + " ") }).max(by: { $0.name.count < $1.name.count }) {
                    check("\(pack) index.html", i.id, String(row[1].dropLast(" a year".count)))
                }
            }
        }
        let pilots = figures.pilots
        for (where_, least) in [("register.csv", f.count), ("register.json", f.count), ("register.md", f.count), ("register.html", f.count),
                                ("register.xlsx", f.count), ("demo/pack-pilot-review cards.html", pilots), ("demo/pack-pilot-review index.html", pilots)] {
            #expect((seen[where_] ?? 0) >= 2 * least || (where_.contains("pack") && (seen[where_] ?? 0) >= least), "\(where_) shows funding a year for \(seen[where_] ?? 0)")
        }
    }

    func plain(_ amount: Decimal) -> String { NSDecimalNumber(decimal: amount).stringValue }

    // MARK: the register's headline figures

    func registerHeadlines() throws {
        let r = figures.register
        let freed = money(r.moneyFreedByStops)
        let ratio = r.startStopRatio
        // The register's own rows add up to its headline.
        let rows = OutputText.csvRecords(try text("register/register.csv"))
        let stops = rows.filter { $0["recommendation"] == "stop" }
        #expect(stops.reduce(Decimal(0)) { $0 + (Decimal(string: $1["annual-funding"] ?? "") ?? 0) } == r.moneyFreedByStops)
        #expect("\(rows.count { $0["recommendation"] == "start" }):\(stops.count)" == ratio)
        for line in [registerStdout, demoStdout] {
            #expect(Capture.strings(line, #"recommended start:stop (\d+:\d+); (\S+) a year freed by the recommended stops"#) == [ratio, freed], "CLI: \(line)")
            for rec in Recommendation.allCases { #expect(line.contains("\(r.count(rec)) \(rec.rawValue)")) }
        }
        for folder in ["register", "demo/register"] {
            let md = try text("\(folder)/register.md")
            #expect(Capture.strings(md, #"Money freed by the recommended stops: \*\*(\S+) a year\*\*"#) == [freed])
            #expect(Capture.strings(md, #"Recommended start:stop ratio[^*]*\*\*(\d+:\d+)\*\*"#) == [ratio])
            let html = OutputText.html(try text("\(folder)/register.html"))
            #expect(Capture.strings(html, #"(\S+) a year freed by the recommended stops"#) == [freed])
            #expect(Capture.strings(html, #"(\d+:\d+) recommended start:stop ratio"#) == [ratio])
            let summary = try #require(try json("\(folder)/register.json")["summary"] as? [String: Any])
            #expect(summary["moneyFreedByStops"] as? String == plain(r.moneyFreedByStops))
            #expect(summary["startStopRatio"] as? String == ratio)
            let sheet = OutputText.sheetRows(try parts("\(folder)/register.xlsx")["xl/worksheets/sheet2.xml"] ?? "")
            #expect(sheet.first { $0["A"] == "Money freed by recommended stops, a year" }?["B"] == plain(r.moneyFreedByStops))
            #expect(sheet.first { $0["A"] == "Recommended start:stop ratio" }?["B"] == ratio)
        }
        // The packs that show the register say the same, and tell the two ratios apart.
        let history = figures.startedStoppedRatio
        for pack in ["demo/pack-pilot-review", "system-wide"] {
            for (format, body) in [("html", OutputText.html(try text("\(pack)/index.html"))), ("md", try text("\(pack)/facilitator-guide.md")),
                                   ("docx", try docxText("\(pack)/facilitator-guide.docx")), ("pptx", try pptxText("\(pack)/slides.pptx"))] {
                #expect(Set(Capture.strings(body, #"recommended stops free (\S+) a year"#)) == [freed], "\(pack) \(format)")
                #expect(Set(Capture.strings(body, #"start:stop (?:ratio of its recommendations is )?(\d+:\d+)"#)) == [ratio], "\(pack) \(format)")
                #expect(Set(Capture.strings(body, #"(\d+ started : \d+ stopped)"#)) == [history], "\(pack) \(format)")
            }
        }
    }

    // MARK: pilots needing a decision

    func pilotsNeedingDecision() throws {
        let rows = OutputText.csvRecords(try text("register/register.csv"))
        // A recorded decision stands when the register recommends exactly it and the review is not overdue.
        func stands(_ r: [String: String]) -> Bool { r["decision"] == r["recommendation"] && !(r["flags"] ?? "").contains("review-overdue") }
        let expected = rows.filter { $0["kind"] == "pilot" && ["proposed", "live", "paused"].contains($0["status"] ?? "") && $0["recommendation"] != "continue" && !stands($0) }
            .compactMap { $0["name"] }
        #expect(Set(expected) == Set(figures.register.pilotsNeedingDecision.compactMap { figures.initiative($0)?.name }))
        let n = expected.count
        let pack = "demo/pack-pilot-review"
        let html = try text("\(pack)/index.html")
        #expect(Capture.ints(OutputText.html(html), #"([\d,]+) pilots needing a decision"#).allSatisfy { $0 == n })
        for body in [OutputText.html(html), try text("\(pack)/facilitator-guide.md"), try docxText("\(pack)/facilitator-guide.docx"), try pptxText("\(pack)/slides.pptx")] {
            let said = Capture.ints(body, #"([\d,]+) pilots under review \(([\d,]+) live\), of which ([\d,]+) need a decision"#)
            #expect(said == [figures.pilots, figures.livePilots, n], "pilots under review, live, needing a decision")
        }
        // The decision tables list exactly those pilots, each with a reason.
        let table = html.components(separatedBy: "<h2>Pilots needing a decision</h2>").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
        let htmlRows = OutputText.htmlRows(table).dropFirst()
        #expect(htmlRows.count == n)
        for row in htmlRows {
            #expect(expected.contains { row[0].hasPrefix($0) }, "html table lists \(row[0])")
            #expect(row.count == 4 && !row[3].isEmpty)
        }
        let md = try text("\(pack)/facilitator-guide.md").components(separatedBy: "### Pilots needing a decision").dropFirst().first ?? ""
        let mdNames = Capture.strings(md.components(separatedBy: "\n### ").first ?? "", #"(?m)^- \*\*(.+?)\*\* \("#)
        #expect(Set(mdNames) == Set(expected) && mdNames.count == n)
        // The Word guide is the Markdown guide in Word form (issue 12: one document model): the same
        // list, one paragraph a pilot, each with its next funding end, review and reason.
        let docxItems = OutputText.matches(try parts("\(pack)/facilitator-guide.docx")["word/document.xml"] ?? "", "<w:p\\b.*?</w:p>")
            .map { OutputText.ooxml($0, text: "w:t") }.filter { $0.contains("): next funding end ") }
        let docxNames = docxItems.flatMap { Capture.strings($0, #"^(.+?) \("#) }
        #expect(docxNames.sorted() == expected.sorted())
        #expect(docxItems.allSatisfy { Capture.strings($0, #"; review [^.]+\. (\S.*)$"#).count == 1 })
        let slideRows = try pptxRows("\(pack)/slides.pptx").filter { $0.count == 4 && $0[0] != "Pilot" && ["stop", "merge", "decide", "scale", "start", "continue"].contains($0[3]) }
        #expect(slideRows.map { $0[0] }.sorted() == expected.sorted())
        #expect(slideRows.allSatisfy { !$0[2].isEmpty && $0[3] != "continue" })
    }

    // MARK: funding cliffs

    func cliffs() throws {
        let rows = OutputText.csvRecords(try text("register/register.csv"))
        var checked = 0
        for r in rows {
            let registerCliffs = Capture.all(r["reasons"] ?? "", #"\[funding-cliff\] (.+?) funding of .+? ends (\d{4}-\d{2}-\d{2})"#)
                .map { "\(Format.longDate(CalendarDate(iso: $0[1])!)) (\($0[0]))" }
            #expect(registerCliffs.count == figures.initiative(r["id"] ?? "")?.cliffs.count, "\(r["name"] ?? ""): cliffs")
            guard r["kind"] == "pilot", ["proposed", "live", "paused"].contains(r["status"] ?? "") else { continue }
            let cards = try text("demo/pack-pilot-review/cards.html")
            let card = Capture.strings(cards, "<h3>" + NSRegularExpression.escapedPattern(for: escape(r["name"] ?? "")) + "</h3>(.*?)</article>").first ?? ""
            let shown = Capture.strings(card, #"<dt>Funding cliff</dt><dd>(.*?)</dd>"#).first.map { OutputText.entities($0).trimmingCharacters(in: .whitespaces) } ?? ""
            #expect(shown == registerCliffs.joined(separator: " "), "\(r["name"] ?? ""): card says cliff '\(shown)', register \(registerCliffs)")
            checked += 1
        }
        #expect(checked == figures.pilots)
    }

    // MARK: funding ending, quarter by quarter

    func fundingEndsByQuarter() throws {
        let quarters = figures.register.fundingEnds
        func check(_ where_: String, label: String, initiatives: String?, amount: String) {
            let q = quarters.first { $0.label == label }
            #expect(amount == money(q?.annualAmount ?? 0) || amount == plain(q?.annualAmount ?? 0), "\(where_) \(label): \(amount)")
            if let initiatives { #expect(Int(initiatives) == q?.initiatives.count ?? 0, "\(where_) \(label): \(initiatives) initiatives") }
        }
        var seen = 0
        func quarterRow(_ where_: String, _ row: [String]) {
            guard row.count == 3, Capture.strings(row[0], #"^((?:Jan–Mar|Apr–Jun|Jul–Sep|Oct–Dec) \d{4})$"#).count == 1 else { return }
            check(where_, label: row[0], initiatives: row[1], amount: row[2])
            seen += 1
        }
        for pack in ["demo/pack-pilot-review", "system-wide"] {
            for row in OutputText.htmlRows(try text("\(pack)/index.html")) { quarterRow("\(pack) html", row) }
            for row in OutputText.markdownRows(try text("\(pack)/facilitator-guide.md")) { quarterRow("\(pack) md", row) }
            for row in try docxRows("\(pack)/facilitator-guide.docx") { quarterRow("\(pack) docx", row) }
            for row in try pptxRows("\(pack)/slides.pptx") { quarterRow("\(pack) pptx", row) }
        }
        #expect(seen >= 4 * 4 * 2, "four quarters in four formats in two packs")
        for folder in ["register", "demo/register"] {
            for case let q as [String: Any] in try json("\(folder)/register.json")["summary"].flatMap({ ($0 as? [String: Any])?["fundingEnds"] as? [Any] }) ?? [] {
                check("register.json", label: q["quarter"] as? String ?? "", initiatives: String((q["initiatives"] as? [Any])?.count ?? -1), amount: q["annualAmount"] as? String ?? "")
            }
            for row in OutputText.markdownRows(try text("\(folder)/register.md")) where row.count == 4 && row[0] != "quarter" {
                check("register.md", label: row[0], initiatives: nil, amount: row[2])
            }
            for row in OutputText.sheetRows(try parts("\(folder)/register.xlsx")["xl/worksheets/sheet2.xml"] ?? "") where quarters.contains(where: { $0.label == row["A"] }) {
                check("register.xlsx", label: row["A"] ?? "", initiatives: nil, amount: row["D"] ?? "")
            }
        }
    }

    // MARK: the place's money, pots and front doors

    func placeMoney() throws {
        let f = figures
        // The place's funding a year is the sum of the register's rows (it lists every active initiative), proposals aside.
        let rows = OutputText.csvRecords(try text("register/register.csv")).filter { $0["status"] != "proposed" }
        #expect(rows.reduce(Decimal(0)) { $0 + (Decimal(string: $1["annual-funding"] ?? "") ?? 0) } == f.fundingAYear)
        #expect(f.fundingByKind.reduce(Decimal(0)) { $0 + $1.annualValue } == f.fundingAYear)
        for pack in ["system-wide", "overlap-walk"] {
            let html = OutputText.html(try text("\(pack)/index.html"))
            #expect(Capture.strings(html, #"(\S+) a year flowing through active initiatives"#) == [Format.shortMoney(f.fundingAYear, currency: f.currency)], "\(pack) html")
            #expect(Capture.ints(html, #"([\d,]+) separate funding pots"#) == [f.fundingSources])
            #expect(Capture.ints(html, #"([\d,]+) front doors \(active initiatives with their own assessment\)"#) == [f.frontDoors])
            let sentence = #"(\S+) a year flows through active initiatives from ([\d,]+) separate funding pots, and families meet ([\d,]+) separate front doors"#
            for (format, body) in [("md", try text("\(pack)/facilitator-guide.md")), ("docx", try docxText("\(pack)/facilitator-guide.docx"))] {
                #expect(Capture.strings(body, sentence) == [money(f.fundingAYear), String(f.fundingSources), String(f.frontDoors)], "\(pack) \(format)")
            }
            let slides = try pptxText("\(pack)/slides.pptx")
            #expect(Capture.strings(slides, #"(\S+) a year: the funding lines running on"#) == [money(f.fundingAYear)], "\(pack) pptx notes")
            #expect(slides.contains("\(Format.shortMoney(f.fundingAYear, currency: f.currency)) a year flowing through active initiatives"))
        }
    }
}

enum Capture {
    /// Every match's capture groups.
    static func all(_ text: String, _ pattern: String) -> [[String]] {
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }

    /// The first match's groups, or every match's single group when the pattern has one group.
    static func strings(_ text: String, _ pattern: String) -> [String] {
        let found = all(text, pattern)
        if found.first?.count == 1 { return found.map { $0[0] } }
        return found.first ?? []
    }

    static func ints(_ text: String, _ pattern: String) -> [Int] {
        strings(text, pattern).compactMap { Int($0.replacingOccurrences(of: ",", with: "")) }
    }
}


@Suite("docs/figures.md")
struct FigureDocumentationTests {
    @Test("defines every figure in the words the reports' method notes use")
    func definitionsMatch() throws {
        let doc = try String(contentsOf: TestSupport.root.appendingPathComponent("docs/figures.md"), encoding: .utf8)
        for sentence in FigureDefinitions.all {
            #expect(doc.contains(sentence), "docs/figures.md lacks: \(sentence)")
        }
        #expect(RegisterRenderer.methodNote.contains(FigureDefinitions.fundingAYear))
    }
}
