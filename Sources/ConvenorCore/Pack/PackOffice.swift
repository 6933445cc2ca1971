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

    /// `base`: the pack's template context (`PackView.context(css:)`), computed when nil.
    static func deck(_ view: PackView, templates: TemplateSource = TemplateSource(), base: [String: Any]? = nil) throws -> SlideDeck {
        let markdown = try templates.render(template, context(view, base: base ?? view.context(css: "")))
        return try MarkdownReader.slides(markdown, name: templates.text(template).name, pictures: Set(PackPictures.all(view.data).keys))
    }

    static func pptx(_ view: PackView, templates: TemplateSource, base: [String: Any]) throws -> Data {
        try PptxWriter(deck(view, templates: templates, base: base), pictures: PackPictures.all(view.data, forSlides: true)).data()
    }

    /// The pack's template context with what only the slides need: the running order with each
    /// session's details, which figures follow which session, the pilots table split into slides,
    /// and which pictures there are.
    static func context(_ view: PackView, base: [String: Any]) -> [String: Any] {
        var context = base
        let sessions = Dictionary(uniqueKeysWithValues: view.sessionSlots().map { ($0.number, view.sessionContext($0.number, $0.slot, $0.session)) })
        // Each kind of figure is shown once, after the first session that draws on it; the register's
        // slides include the pilots needing a decision, and the overlap map's the neighbourhoods.
        var shown = Set<SessionData>()
        context["slideAgenda"] = view.agenda.slots.map { slot -> [String: Any] in
            switch slot.item {
            case .breakTime(let b):
                return ["isBreak": true, "title": b.label, "time": "\(slot.start)–\(slot.end)", "end": slot.end.description, "minutes": b.minutes]
            case .session(let s):
                var session = sessions[slot.sessionNumber ?? 0] ?? [:]
                let kind: SessionData = s.data == .pilots && shown.contains(.register) ? .register : s.data
                if kind != .none && !shown.contains(kind) {
                    session["show" + kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()] = true
                    session["showPilotSlides"] = kind == .register || kind == .pilots
                    session["showNeighbourhoodSlides"] = kind == .neighbourhoods || (kind == .overlap && !shown.contains(.neighbourhoods))
                    shown.insert(kind)
                    if kind == .register { shown.insert(.pilots) }
                    if kind == .overlap { shown.insert(.neighbourhoods) }
                }
                return ["isBreak": false, "session": session]
            }
        }
        let needing = view.data.pilotsNeedingDecision.map(view.pilotContext)
        let pages = pagedToFit(needing, most: pilotsPerSlide) { rows in
            // The table the slides template makes of these rows, measured as the slide writer lays it out.
            DocumentTable(header: ["Pilot", "Next funding end", "Why now", "Register"].map { [TextRun($0)] },
                          rows: rows.map { row in ["name", "fundingEnds", "headline", "recommendation"].map { [TextRun("\(row[$0] ?? "")")] } },
                          alignments: Array(repeating: .left, count: 4))
        }
        context["pilotSlides"] = pages.enumerated().map { n, rows in
            ["page": n + 1, "pages": pages.count, "isPaged": pages.count > 1, "pilots": rows] as [String: Any]
        }
        let agenda = context["agenda"] as? [[String: Any]] ?? []
        // Balanced pages: 14 rows make two slides of 7, not 12 and 2.
        let agendaPageCount = max(1, (agenda.count + agendaRowsPerSlide - 1) / agendaRowsPerSlide)
        let agendaPages = paged(agenda, size: max(1, (agenda.count + agendaPageCount - 1) / agendaPageCount))
        context["agendaSlides"] = agendaPages.enumerated().map { n, rows in
            ["page": n + 1, "pages": agendaPages.count, "isPaged": agendaPages.count > 1, "rows": rows] as [String: Any]
        }
        context["placeUpper"] = view.data.place.uppercased()
        let pictures = PackPictures.all(view.data)
        context["hasNetwork"] = pictures["network.svg"] != nil
        context["hasTimeline"] = pictures["timeline.svg"] != nil
        context["hasNeighbourhoodChart"] = pictures["neighbourhoods.svg"] != nil
        context["showBarrierSummary"] = !view.data.barriers.isEmpty && view.data.barriers.count <= 7
        context["barrierCount"] = view.data.barriers.count
        return context
    }

    /// Consecutive pages of at most `most` rows, each as long as its table still fits on a slide.
    static func pagedToFit(_ rows: [[String: Any]], most: Int, table: ([[String: Any]]) -> DocumentTable) -> [[[String: Any]]] {
        var pages: [[[String: Any]]] = [], current: [[String: Any]] = []
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

    static func paged<T>(_ items: [T], size: Int) -> [[T]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}
