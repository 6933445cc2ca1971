import Foundation

/// The pack's pictures, by the names templates use in `![alt](name)`: the overlap network, the
/// register's funding timeline and the busiest neighbourhoods, each when the pack has it.
/// `forSlides`: the slide-shaped network and timeline under the same names, when the pack has them.
enum PackPictures {
    static func all(_ data: PackData, forSlides: Bool = false) -> [String: OfficePicture] {
        var pictures: [String: OfficePicture] = [:]
        let svgs: [(String, String?)] = [
            ("network.svg", forSlides ? data.slideNetworkSVG ?? data.networkSVG : data.networkSVG),
            ("timeline.svg", forSlides ? data.slideTimelineSVG ?? data.timelineSVG : data.timelineSVG),
            ("neighbourhoods.svg", NeighbourhoodChart.svg(data.neighbourhoods, place: data.place)),
        ]
        for (name, svg) in svgs { if let svg, let picture = OfficePicture(svg: svg) { pictures[name] = picture } }
        return pictures
    }
}

/// The facilitator guide as a Word document: `facilitator-guide.md` as rendered from its template,
/// read into the document model and laid out for print, so the two never say different things.
enum FacilitatorGuideDocument {
    static let template = "pack/facilitator-guide.md.mustache"

    /// `markdown`: the guide as rendered from `template` (the same text written to facilitator-guide.md).
    static func document(markdown: String, data: PackData, templates: TemplateSource) throws -> Document {
        try MarkdownReader.document(markdown, name: templates.text(template).name, pictures: Set(PackPictures.all(data).keys))
    }

    static func docx(markdown: String, data: PackData, templates: TemplateSource) throws -> Data {
        try DocxWriter(document(markdown: markdown, data: data, templates: templates), pictures: PackPictures.all(data)).data()
    }
}

/// What `slides.md.mustache` sees: every name the pack's other templates see, and the slide-only names
/// of `PackSlides.Fields` (both listed in `templates/README.md`).
typealias PackSlidesView = LayeredTemplateView<PackTemplateView, PackSlides.Fields>

/// The slide deck, from `templates/pack/slides.md.mustache`: a cover, the day at a glance, one slide
/// per session, the place's figures and pictures after the first session that draws on them, and a
/// slide for each break. Facilitator material goes in the speaker notes.
enum PackSlides {
    static let template = "pack/slides.md.mustache"
    /// Rows of the pilots-needing-a-decision table on one slide at most: four stay readable at 18 pt,
    /// fewer when their reasons are long (the table must fit above the footer).
    static let pilotsPerSlide = 4
    /// Rows of the running order on one slide.
    static let agendaRowsPerSlide = 11

    /// The columns of the pilots-needing-a-decision table as `slides.md.mustache` lays it out: each
    /// column's heading and the field of a pilot it shows. The slides are paged by measuring this table.
    static let pilotTableColumns: [(heading: String, cell: @Sendable (PackTemplateView.Pilot) -> String)] = [
        ("Pilot", { $0.name }),
        ("Next funding end", { $0.fundingEnds }),
        ("Why now", { $0.headline }),
        ("Register", { $0.recommendation ?? "" }),
    ]

    /// What only the slides need: the running order with each session's details, which figures follow
    /// which session, the pilots table and the running order split into slides, and which pictures there are.
    struct Fields: Encodable {
        /// A session or a break in the running order.
        struct AgendaItem: Encodable {
            var isBreak: Bool
            /// Breaks only: the break's label, times and length.
            var title: String?
            var time: String?
            var end: String?
            var minutes: Int?
            /// Sessions only: everything `sessions` has, and which figures' slides follow it.
            var session: LayeredTemplateView<PackTemplateView.Session, FiguresShown>?
        }

        /// Which figures' slides follow a session: set only on the first session to show them. Each kind of
        /// figure is shown once; the register's slides include the pilots needing a decision, and the
        /// overlap map's the neighbourhoods.
        struct FiguresShown: Encodable {
            var showRegister: Bool?
            var showPilots: Bool?
            var showOverlap: Bool?
            var showNeighbourhoods: Bool?
            var showBarriers: Bool?
            var showPilotSlides: Bool?
            var showNeighbourhoodSlides: Bool?
        }

        /// One slide of the pilots-needing-a-decision table.
        struct PilotPage: Encodable {
            var page: Int
            var pages: Int
            var isPaged: Bool
            var pilots: [PackTemplateView.Pilot]
        }

        /// One slide of the running order.
        struct AgendaPage: Encodable {
            var page: Int
            var pages: Int
            var isPaged: Bool
            var rows: [PackTemplateView.AgendaRow]
        }

        var slideAgenda: [AgendaItem]
        var pilotSlides: [PilotPage]
        var agendaSlides: [AgendaPage]
        var placeUpper: String
        var hasNetwork: Bool
        var hasTimeline: Bool
        var hasNeighbourhoodChart: Bool
        /// The barriers fit on one slide (seven at most).
        var showBarrierSummary: Bool
        var barrierCount: Int
    }

    /// `pack`: the view the pack's other templates render from, made when nil.
    static func deck(_ view: PackView, templates: TemplateSource = TemplateSource(), pack: PackTemplateView? = nil) throws -> SlideDeck {
        let slides = slidesView(view, pack: pack ?? PackTemplateView(view, assets: PageAssets(css: "", script: "")))
        let markdown = try templates.render(template, slides)
        return try MarkdownReader.slides(markdown, name: templates.text(template).name, pictures: Set(PackPictures.all(view.data).keys))
    }

    static func pptx(_ view: PackView, templates: TemplateSource, pack: PackTemplateView) throws -> Data {
        try PptxWriter(deck(view, templates: templates, pack: pack), pictures: PackPictures.all(view.data, forSlides: true)).data()
    }

    /// The pack's view with what only the slides need.
    static func slidesView(_ view: PackView, pack: PackTemplateView) -> PackSlidesView {
        let sessions = Dictionary(uniqueKeysWithValues: pack.sessions.map { ($0.number, $0) })
        var shown = Set<SessionData>()
        let slideAgenda = view.agenda.slots.compactMap { slot -> Fields.AgendaItem? in
            switch slot.item {
            case .breakTime(let b):
                return Fields.AgendaItem(isBreak: true, title: b.label, time: "\(slot.start)–\(slot.end)", end: slot.end.description, minutes: b.minutes)
            case .session(let s):
                guard let number = slot.sessionNumber, let session = sessions[number] else { return nil }
                var figures = Fields.FiguresShown()
                let kind: SessionData = s.data == .pilots && shown.contains(.register) ? .register : s.data
                if kind != .none && !shown.contains(kind) {
                    figures = Fields.FiguresShown(firstOf: kind, neighbourhoodsShown: shown.contains(.neighbourhoods))
                    shown.insert(kind)
                    if kind == .register { shown.insert(.pilots) }
                    if kind == .overlap { shown.insert(.neighbourhoods) }
                }
                return Fields.AgendaItem(isBreak: false, session: LayeredTemplateView(session, adding: figures))
            }
        }
        let pilotPages = pagedToFit(pack.pilotsNeedingDecision, most: pilotsPerSlide, table: pilotTable)
        // Balanced pages: 14 rows make two slides of 7, not 12 and 2.
        let agendaPageCount = max(1, (pack.agenda.count + agendaRowsPerSlide - 1) / agendaRowsPerSlide)
        let agendaPages = paged(pack.agenda, size: max(1, (pack.agenda.count + agendaPageCount - 1) / agendaPageCount))
        let pictures = PackPictures.all(view.data)
        let barriers = view.data.barriers.count
        return LayeredTemplateView(pack, adding: Fields(
            slideAgenda: slideAgenda,
            pilotSlides: pilotPages.enumerated().map {
                Fields.PilotPage(page: $0.offset + 1, pages: pilotPages.count, isPaged: pilotPages.count > 1, pilots: $0.element)
            },
            agendaSlides: agendaPages.enumerated().map {
                Fields.AgendaPage(page: $0.offset + 1, pages: agendaPages.count, isPaged: agendaPages.count > 1, rows: $0.element)
            },
            placeUpper: view.data.place.uppercased(),
            hasNetwork: pictures["network.svg"] != nil, hasTimeline: pictures["timeline.svg"] != nil,
            hasNeighbourhoodChart: pictures["neighbourhoods.svg"] != nil,
            showBarrierSummary: barriers > 0 && barriers <= 7, barrierCount: barriers))
    }

    /// The pilots table the slides template makes of these rows, as the slide writer measures it.
    static func pilotTable(_ pilots: [PackTemplateView.Pilot]) -> DocumentTable {
        DocumentTable(header: pilotTableColumns.map { [TextRun($0.heading)] },
                      rows: pilots.map { pilot in pilotTableColumns.map { [TextRun($0.cell(pilot))] } },
                      alignments: Array(repeating: .left, count: pilotTableColumns.count))
    }

    /// Consecutive pages of at most `most` rows whose tables fit on a slide, as few as filling each page
    /// in turn needs, and as even as the fit allows.
    static func pagedToFit<Row>(_ rows: [Row], most: Int, table: ([Row]) -> DocumentTable) -> [[Row]] {
        func filled(most: Int) -> [[Row]] {
            var pages: [[Row]] = [], current: [Row] = []
            for row in rows {
                if !current.isEmpty && (current.count == most || !PptxWriter.tableFitsUnderTitle(table(current + [row]))) {
                    pages.append(current)
                    current = []
                }
                current.append(row)
            }
            if !current.isEmpty { pages.append(current) }
            return pages
        }
        var pages = filled(most: most)
        // The same number of pages with a cap of an even share: 9 rows at most 4 a page make 3, 3, 3.
        if pages.count > 1 {
            let even = filled(most: (rows.count + pages.count - 1) / pages.count)
            if even.count == pages.count { pages = even }
        }
        // Even out the end: 3, 3, 1 reads as a stray row; move rows back until no page has two fewer than
        // the page before it (3, 2, 2), where the later page still fits. The page count never grows.
        var moved = true
        while moved {
            moved = false
            for i in pages.indices.dropFirst().reversed() where pages[i].count + 1 < pages[i - 1].count {
                let candidate = [pages[i - 1][pages[i - 1].count - 1]] + pages[i]
                guard PptxWriter.tableFitsUnderTitle(table(candidate)) else { continue }
                pages[i - 1].removeLast()
                pages[i] = candidate
                moved = true
            }
        }
        return pages
    }

    static func paged<T>(_ items: [T], size: Int) -> [[T]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}

extension PackSlides.Fields.FiguresShown {
    /// For the first session to show `kind` of figure. `neighbourhoodsShown`: the neighbourhoods' slides
    /// came earlier, so an overlap session does not repeat them.
    init(firstOf kind: SessionData, neighbourhoodsShown: Bool) {
        func only(_ k: SessionData) -> Bool? { kind == k ? true : nil }
        self.init(showRegister: only(.register), showPilots: only(.pilots), showOverlap: only(.overlap),
                  showNeighbourhoods: only(.neighbourhoods), showBarriers: only(.barriers),
                  showPilotSlides: kind == .register || kind == .pilots,
                  showNeighbourhoodSlides: kind == .neighbourhoods || (kind == .overlap && !neighbourhoodsShown))
    }
}
