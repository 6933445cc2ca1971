import Foundation

/// The kinds of output `convenor overlap --format` can select (default: all).
public enum OverlapOutputKind: String, CaseIterable, Sendable {
    /// pairs.csv, clusters.csv, coordination.csv, neighbourhoods.csv, households.csv
    case csv
    /// summary.json, overlap.json
    case json
    case graphml, gexf, dot
    /// matrix.svg, network.svg
    case svg
    /// index.html
    case html

    public var files: [String] {
        switch self {
        case .csv: return ["pairs.csv", "clusters.csv", "coordination.csv", "neighbourhoods.csv", "households.csv"]
        case .json: return ["summary.json", "overlap.json"]
        case .graphml: return ["overlap.graphml"]
        case .gexf: return ["overlap.gexf"]
        case .dot: return ["overlap.dot"]
        case .svg: return ["matrix.svg", "network.svg"]
        case .html: return ["index.html"]
        }
    }

    /// Parses `csv,json,html` (case-insensitive; `all` for everything). Throws a message listing the choices.
    public static func parse(_ text: String) throws -> [OverlapOutputKind] {
        var kinds: [OverlapOutputKind] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
            if part == "all" { return allCases }
            guard let kind = OverlapOutputKind(rawValue: part) else {
                throw FormatListError(part)
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        guard !kinds.isEmpty else { throw FormatListError("") }
        return allCases.filter { kinds.contains($0) }
    }

    public struct FormatListError: Error, CustomStringConvertible {
        public let value: String
        init(_ value: String) { self.value = value }
        public var description: String {
            "unknown output kind '\(value)'; choose from \(OverlapOutputKind.allCases.map(\.rawValue).joined(separator: ", ")) or all, separated by commas"
        }
    }
}

/// pairs.csv made on another thread from the moment the pairs are known (`OverlapAnalysis.run`'s
/// `pairsFound`), while clustering and the rest of the analysis run: it needs only the pairs and the
/// initiatives' ids and names, and it is the largest file.
final class PairsTableInAdvance: @unchecked Sendable {
    private let options: OverlapOptions
    private let lock = NSLock()
    // Set once by `start`, under the lock.
    private var work: BackgroundWork<Data>?

    init(options: OverlapOptions) { self.options = options }

    /// Starts making the table (once).
    func start(pairs: [OverlapPair], initiatives: [OverlapNode]) {
        let options = self.options
        lock.withLock {
            guard work == nil else { return }
            work = BackgroundWork {
                PhaseTrace.measure("render: pairs.csv, in advance") { OverlapTables.pairsCSV(pairs: pairs, initiatives: initiatives, options: options) }
            }
        }
    }

    /// The table, waiting for it; nil if it was never started.
    var contents: Data? {
        guard let started = lock.withLock({ work }) else { return nil }
        return try? started.result()
    }
}

/// Turns an overlap result into the overlap folder's files (in memory; `OutputFolder` writes them).
public enum OverlapRenderer {
    public static func render(_ r: OverlapResult, portfolio: Portfolio,
                              kinds: [OverlapOutputKind] = OverlapOutputKind.allCases) -> [RenderedFile] {
        render(r, figures: OverlapFigures(r), portfolio: portfolio, kinds: kinds)
    }

    /// The files, with every headline figure read from `figures`, the report from the built-in template.
    public static func render(_ r: OverlapResult, figures: OverlapFigures, portfolio: Portfolio,
                              kinds: [OverlapOutputKind] = OverlapOutputKind.allCases) -> [RenderedFile] {
        renderBuiltIn("overlap report") { try render(r, figures: figures, portfolio: portfolio, kinds: kinds, templates: TemplateSource()) }
    }

    /// The files, with every headline figure read from `figures`; `index.html` comes from
    /// `templates/report/overlap.html.mustache`, the user's copy first.
    public static func render(_ r: OverlapResult, figures: OverlapFigures, portfolio: Portfolio,
                              kinds: [OverlapOutputKind], templates: TemplateSource) throws -> [RenderedFile] {
        try render(r, figures: figures, portfolio: portfolio, kinds: kinds, templates: templates, pairsTable: nil)
    }

    /// As above; `pairsTable`, when given, is pairs.csv already being made (`PairsTableInAdvance`).
    static func render(_ r: OverlapResult, figures: OverlapFigures, portfolio: Portfolio,
                       kinds: [OverlapOutputKind], templates: TemplateSource, pairsTable: PairsTableInAdvance?) throws -> [RenderedFile] {
        // Each file is made on its own (on every core, in parallel) and listed in a fixed order.
        var files: [@Sendable () -> RenderedFile] = []
        let wanted = Set(kinds)
        let needsPictures = wanted.contains(.svg) || wanted.contains(.html)
        let pictures = needsPictures ? OverlapPictures.render(r) : nil
        let names = OverlapOutputKind.allCases.filter { wanted.contains($0) }.flatMap(\.files)
        let report = try pictures.flatMap { pictures in
            wanted.contains(.html) ? try OverlapReport.html(r, figures: figures, portfolio: portfolio, pictures: pictures, files: names, templates: templates) : nil
        } ?? ""
        for kind in OverlapOutputKind.allCases where wanted.contains(kind) {
            switch kind {
            case .csv:
                files.append({ RenderedFile(path: "pairs.csv", contents: pairsTable?.contents ?? OverlapTables.pairsCSV(r)) })
                files.append({ RenderedFile(path: "clusters.csv", contents: OverlapTables.clustersCSV(r, portfolio: portfolio)) })
                files.append({ RenderedFile(path: "coordination.csv", contents: OverlapTables.coordinationCSV(r)) })
                files.append({ RenderedFile(path: "neighbourhoods.csv", contents: OverlapTables.neighbourhoodsCSV(r)) })
                files.append({ RenderedFile(path: "households.csv", contents: OverlapTables.householdsCSV(r)) })
            case .json:
                files.append({ RenderedFile(path: "summary.json", text: OverlapTables.summaryJSON(r, figures: figures)) })
                files.append({ RenderedFile(path: "overlap.json", text: OverlapTables.overlapJSON(r, figures: figures, portfolio: portfolio)) })
            case .graphml: files.append({ RenderedFile(path: "overlap.graphml", text: OverlapGraphFiles.graphML(r)) })
            case .gexf: files.append({ RenderedFile(path: "overlap.gexf", text: OverlapGraphFiles.gexf(r)) })
            case .dot: files.append({ RenderedFile(path: "overlap.dot", text: OverlapGraphFiles.dot(r)) })
            case .svg:
                guard let pictures else { break }
                files.append({ RenderedFile(path: "matrix.svg", text: pictures.matrix.document) })
                files.append({ RenderedFile(path: "network.svg", text: pictures.network.document) })
            case .html:
                files.append({ RenderedFile(path: "index.html", text: report) })
            }
        }
        let jobs = files
        return Parallel.map(jobs.count) { k in
            let started = PhaseTrace.now()
            let file = jobs[k]()
            PhaseTrace.report("render: " + file.path, from: started)
            return file
        }
    }
}
