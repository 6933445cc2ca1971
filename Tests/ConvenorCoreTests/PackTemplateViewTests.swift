import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// The pack's typed views: the names they offer are the ones templates/README.md promises users' own
/// templates, and the slides are paged by measuring the table the slides template really makes.
@Suite("Pack template views")
struct PackTemplateViewTests {
    static let workshops = ["pilot-review", "overlap-walk", "place-leadership", "system-wide", "whats-stopping-us"]

    /// Every name anywhere in a view, as a template reaches it (the views encode as they render).
    static func names(_ view: some Encodable) throws -> Set<String> {
        func collect(_ value: Any, into names: inout Set<String>) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    names.insert(key)
                    collect(child, into: &names)
                }
            } else if let list = value as? [Any] {
                for child in list { collect(child, into: &names) }
            }
        }
        var names = Set<String>()
        collect(try JSONSerialization.jsonObject(with: JSONEncoder().encode(view)), into: &names)
        return names
    }

    /// The names in backticks in the part of templates/README.md between two headings.
    static func documentedNames(from start: String, to end: String) throws -> Set<String> {
        let readme = try String(contentsOf: TestSupport.root.appendingPathComponent("templates/README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: start).dropFirst().first?.components(separatedBy: end).first)
        let spans = section.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        return Set(spans.filter { $0.range(of: "^[a-z][A-Za-z]*$", options: .regularExpression) != nil })
    }

    /// Pilot review with its first session on the pilot cards, so the pilots' slides follow that session
    /// (no built-in workshop shows the pilots before the register).
    static func pilotsFirst() throws -> PackView {
        var view = try PackFixture.northbridgeView()
        let first = try #require(view.workshop.runningOrder.firstIndex { if case .session = $0 { true } else { false } })
        guard case .session(var session) = view.workshop.runningOrder[first] else { return view }
        session.data = .pilots
        view.workshop.runningOrder[first] = .session(session)
        view.agenda = Agenda(view.workshop, start: view.agenda.start)
        return view
    }

    /// The names the pack's templates and the slides template see, over every built-in workshop.
    static func viewNames() throws -> (pack: Set<String>, slidesOnly: Set<String>) {
        var pack = Set<String>(), slidesOnly = Set<String>()
        for view in try workshops.map({ try PackFixture.northbridgeView($0) }) + [pilotsFirst()] {
            let id = view.workshop.id
            let templateView = PackTemplateView(view, assets: PageAssets(css: "", script: ""))
            pack.formUnion(try names(templateView))
            if let session = templateView.handouts.first { pack.formUnion(try names(templateView.handoutPage(session))) }
            let slides = PackSlides.slidesView(view, pack: templateView)
            // The slides see every name of the pack's view, flat, and their own besides.
            let all = try names(slides)
            #expect(all.isSuperset(of: try names(templateView)), "\(id): the slides view lacks pack names")
            slidesOnly.formUnion(all.subtracting(try names(templateView)))
        }
        return (pack, slidesOnly)
    }

    @Test("templates/README.md lists exactly the names the pack's views offer, the slides' own included")
    func readmeListsTheNames() throws {
        let (pack, slidesOnly) = try Self.viewNames()
        let documented = try Self.documentedNames(from: "## What templates can use", to: "## What the report templates can use")
        let documentedForSlides = try Self.documentedNames(from: "Besides the names above, the slides template", to: "\n\n")
        #expect(documented.subtracting(pack).sorted() == [], "documented for packs but not in the view")
        #expect(pack.subtracting(documented).sorted() == [], "in the view but not documented")
        #expect(documentedForSlides.subtracting(slidesOnly.union(pack)).sorted() == [], "documented for slides but not in the slides view")
        #expect(slidesOnly.subtracting(documentedForSlides).sorted() == [], "in the slides view but not documented")
    }

    @Test("the slides are paged by measuring the table slides.md.mustache makes: same headings, same cells")
    func pilotTableIsTheTemplatesTable() throws {
        let view = try PackFixture.northbridgeView()
        let slides = PackSlides.slidesView(view, pack: PackTemplateView(view, assets: PageAssets(css: "", script: "")))
        let tables = try PackSlides.deck(view).slides.filter { $0.title.hasPrefix("Pilots needing a decision") }
            .flatMap { slide in slide.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } } }
        let pages = slides.layer.pilotSlides
        #expect(pages.count > 1 && tables.count == pages.count)
        func text(_ table: DocumentTable) -> [[String]] { [table.header.map(\.plainText)] + table.rows.map { $0.map(\.plainText) } }
        for (table, page) in zip(tables, pages) {
            #expect(text(table) == text(PackSlides.pilotTable(page.pilots)))
            #expect(PptxWriter.tableFitsUnderTitle(table))
        }
        // Pages are even: a page two rows shorter than the one before it is so only because the row
        // would not fit on it.
        for (page, next) in zip(pages, pages.dropFirst()) where next.pilots.count + 1 < page.pilots.count {
            #expect(!PptxWriter.tableFitsUnderTitle(PackSlides.pilotTable([page.pilots.last!] + next.pilots)))
        }
    }

    @Test("paging fills slides in order, then evens out the end: 3, 3, 1 becomes 3, 2, 2")
    func pagesAreEvenedOut() {
        func table(_ rows: [Int]) -> DocumentTable {
            DocumentTable(header: [[TextRun("n")]], rows: rows.map { [[TextRun("\($0)")]] }, alignments: [.left])
        }
        #expect(PackSlides.pagedToFit(Array(1...7), most: 3, table: table) == [[1, 2, 3], [4, 5], [6, 7]])
        #expect(PackSlides.pagedToFit(Array(1...9), most: 4, table: table) == [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(PackSlides.pagedToFit(Array(1...6), most: 3, table: table) == [[1, 2, 3], [4, 5, 6]])
        #expect(PackSlides.pagedToFit([Int](), most: 3, table: table) == [])
    }

    @Test("a name the slides add is found before the pack's, and a nil one is absent, as in a struct")
    func layeredLookup() throws {
        struct Base: Encodable { var title = "base", kept = "kept", shadowed: String? = "base" }
        struct Layer: Encodable { var title = "layer", extra: String? = nil, shadowed: String? = nil }
        let view = LayeredTemplateView(Base(), adding: Layer())
        let dir = try TestSupport.temporaryDirectory()
        _ = try TestSupport.write("{{% CONTENT_TYPE: TEXT}}{{title}} {{kept}} [{{extra}}] {{shadowed}}", named: "pack/agenda.md.mustache", in: dir)
        #expect(try TemplateSource(directory: dir.path).render("pack/agenda.md.mustache", view) == "layer kept [] base")
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(view)) as? [String: String])
        #expect(json == ["title": "layer", "kept": "kept", "shadowed": "base"])
    }
}
