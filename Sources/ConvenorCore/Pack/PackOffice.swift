import Foundation

/// The facilitator guide as a Word document: the same content as facilitator-guide.md, laid out for print.
enum FacilitatorGuideDocument {
    static func docx(_ view: PackView) throws -> Data {
        try document(view).data()
    }

    static func document(_ view: PackView) -> DocxWriter {
        let w = view.workshop, data = view.data
        var blocks: [DocxWriter.Block] = [.title(w.title)]
        if let subtitle = w.subtitle { blocks.append(.subtitle(subtitle)) }
        blocks.append(.labelled("Facilitator guide for", "\(data.place), \(Format.longDate(view.date))"))
        blocks.append(.labelled("Time:", "\(view.agenda.start) to \(view.agenda.end) (\(Format.duration(minutes: view.agenda.totalMinutes)), breaks included)"))
        if let f = view.facilitator { blocks.append(.labelled("Facilitator:", f)) }
        blocks.append(.labelled("Figures:", "from \(data.place)’s portfolio as at \(Format.longDate(data.asOf))"))
        blocks.append(.labelled("Edition:", "\(w.id), version \(w.version)"))
        for warning in view.agenda.warnings { blocks.append(.callout("Timing: \(warning.message)")) }

        blocks.append(.heading(1, "About this workshop"))
        blocks.append(.heading(2, "Purpose"))
        blocks.append(.paragraph(w.purpose))
        blocks.append(.heading(2, "Who should be in the room"))
        blocks.append(.paragraph(w.audience))
        blocks.append(.heading(2, "What people leave with"))
        blocks.append(.bullets(w.outcomes))
        blocks.append(.heading(2, "Before the day"))
        blocks.append(.numbered(w.preparation))
        blocks.append(.heading(2, "Running order"))
        blocks.append(.table(header: ["Time", "Session", "Minutes", "How"], rows: view.agenda.slots.map { slot in
            switch slot.item {
            case .session(let s): ["\(slot.start)–\(slot.end)", "\(slot.sessionNumber ?? 0). \(s.title)", String(s.minutes), s.method.label]
            case .breakTime(let b): ["\(slot.start)–\(slot.end)", b.label, String(b.minutes), "Break"]
            }
        }, widths: [18, 52, 12, 18]))

        for (number, slot, s) in view.sessionSlots() {
            blocks.append(.heading(1, "\(number). \(s.title)"))
            blocks.append(.labelled("When:", "\(slot.start)–\(slot.end), \(s.minutes) minutes · \(s.method.label)"))
            blocks.append(.labelled("Purpose:", s.purpose))
            if s.data != .none { blocks.append(.labelled("Draws on:", PackView.dataLabel(s.data))) }
            blocks.append(.heading(2, "How to run it"))
            for p in s.notes { blocks.append(.paragraph(p)) }
            if !s.prompts.isEmpty {
                blocks.append(.heading(2, "Questions to put to the room"))
                blocks.append(.bullets(s.prompts))
            }
            if !s.materials.isEmpty {
                blocks.append(.heading(2, "Materials"))
                blocks.append(.bullets(s.materials))
            }
            if let first = view.firstSessionShowing[s.data], first != number {
                blocks.append(.paragraph("The figures for this session are with session \(first)."))
            } else {
                blocks += dataBlocks(s.data, view)
            }
            if let h = s.handout {
                blocks.append(.callout("Handout: \"\(h.title)\" (\(PackView.handoutPath(number: number, session: s))), one per person."))
            }
        }
        let notes = PackView.figureNotes(view.uses)
        if !notes.isEmpty {
            blocks.append(.heading(1, "How the figures were worked out"))
            blocks.append(.paragraph("As at \(Format.longDate(data.asOf)), from \(data.place)’s portfolio, its overlap map and its stop/start register (the definitions of docs/figures.md)."))
            blocks.append(.bullets(notes))
        }
        return DocxWriter(title: "\(w.title): facilitator guide", header: "\(w.title) · \(data.place) · facilitator guide", blocks: blocks)
    }

    static func dataBlocks(_ kind: SessionData, _ view: PackView) -> [DocxWriter.Block] {
        let data = view.data
        switch kind {
        case .none:
            return []
        case .pilots:
            var blocks: [DocxWriter.Block] = [.heading(2, "\(data.place)’s pilots needing a decision")]
            let needing = data.pilotsNeedingDecision
            if needing.isEmpty {
                blocks.append(.paragraph("The register recommends continuing every pilot as at \(Format.longDate(data.asOf))."))
            } else {
                blocks.append(.table(header: ["Pilot", "Next funding end", "Review", "Why now (the register)"], rows: needing.map {
                    [$0.name, $0.fundingEnds, $0.review, $0.why]
                }, widths: [24, 17, 21, 38]))
            }
            return blocks
        case .register:
            let f = data.figures
            return [
                .heading(2, "\(data.place)’s pilots at a glance"),
                .table(header: ["Quarter", "Initiatives reaching a funding end", "A year"],
                       rows: f.fundingEndsNextFourQuarters.map { [$0.label, String($0.initiatives.count), f.money($0.annualAmount)] },
                       widths: [30, 45, 25]),
                .bullets(PackSlides.registerFacts(f)),
            ]
        case .neighbourhoods, .overlap:
            var blocks: [DocxWriter.Block] = [.heading(2, kind == .overlap ? "Where initiatives overlap" : "Neighbourhood profiles")]
            if kind == .overlap {
                if data.overlapFindings.isEmpty {
                    blocks.append(.paragraph("Run `convenor overlap` on the portfolio for the clusters of overlapping initiatives; the neighbourhood figures below show where the load falls."))
                } else {
                    blocks.append(.bullets(data.overlapFindings))
                }
            }
            if kind == .overlap {
                let f = data.figures
                blocks.append(.paragraph("\(f.money(f.fundingAYear)) a year flows through active initiatives from \(f.fundingSources) separate funding pots, and families meet \(f.frontDoors) separate front doors (active initiatives with their own assessment)."))
                blocks.append(.table(header: ["Kind of money", "Initiatives", "A year"],
                                     rows: f.fundingByKind.map { [$0.label, String($0.initiatives), f.money($0.annualValue)] },
                                     widths: [50, 20, 30]))
            }
            blocks.append(.table(header: ["Neighbourhood", "Population", "IMD decile", "Active initiatives", "Teams (FTE)", "Front doors"],
                                 rows: data.neighbourhoods.prefix(kind == .overlap ? 8 : 40).map {
                                     [$0.name, $0.population.map(Format.count) ?? "–", $0.imdDecile.map(String.init) ?? "–",
                                      String($0.activeInitiatives), "\($0.teams) (\(Format.fte($0.fte)))", String($0.frontDoors)]
                                 }, widths: [24, 15, 13, 16, 16, 16]))
            return blocks
        case .barriers:
            return [.heading(2, "The barriers"),
                    .table(header: ["What people say", "What to do instead"], rows: data.barriers.map { ["“\($0.says)”", $0.instead] },
                           widths: [40, 60])]
        }
    }
}

/// The slide deck: a cover, the day at a glance, one slide per session, the place's figures where a
/// session draws on them, and a slide for each break.
enum PackSlides {
    static func pptx(_ view: PackView) throws -> Data {
        try deck(view).data()
    }

    static func deck(_ view: PackView) -> PptxWriter {
        let w = view.workshop, data = view.data
        var slides: [PptxWriter.Slide] = []
        var cover: [PptxWriter.Block] = [.paragraph("\(data.place) · \(Format.longDate(view.date)) · \(view.agenda.start)–\(view.agenda.end)")]
        if let f = view.facilitator { cover.append(.paragraph("Facilitated by \(f)")) }
        slides.append(.init(style: .title, kicker: data.place.uppercased(), title: w.title, subtitle: w.subtitle, blocks: cover,
                            notes: ["Welcome people as they arrive. " + w.purpose]))
        slides.append(.init(kicker: "The day", title: "Today’s running order",
                            blocks: [.table(header: ["Time", "Session", "How"], rows: view.agenda.slots.map { slot in
                                switch slot.item {
                                case .session(let s): ["\(slot.start)–\(slot.end)", s.title, s.method.label]
                                case .breakTime(let b): ["\(slot.start)–\(slot.end)", b.label, ""]
                                }
                            }, widths: [18, 62, 20])],
                            notes: ["Walk through the day briefly. What people leave with:"] + w.outcomes))
        slides.append(.init(kicker: "Why we are here", title: "What we will leave with", subtitle: w.subtitle,
                            blocks: [.bullets(w.outcomes)], notes: [w.purpose, "Who is in the room: " + w.audience]))

        // Each kind of figure is shown once, after the first session that draws on it; later sessions
        // refer back to it in their notes rather than repeat the same table.
        var shown = Set<SessionData>()
        for slot in view.agenda.slots {
            switch slot.item {
            case .breakTime(let b):
                slides.append(.init(style: .section, kicker: "\(slot.start)–\(slot.end)", title: b.label,
                                    subtitle: "Back at \(slot.end), please", notes: ["\(b.minutes)-minute break."]))
            case .session(let s):
                let number = slot.sessionNumber ?? 0
                let kicker = "Session \(number) · \(slot.start)–\(slot.end) · \(s.minutes) min · \(s.method.label)"
                let aside: (heading: String, lines: [String])? = s.materials.isEmpty ? nil : ("You will need", Array(s.materials.prefix(5)))
                let prompts = s.prompts.isEmpty ? [PptxWriter.Block.paragraph(s.purpose)] : [.bullets(Array(s.prompts.prefix(6)))]
                var notes = s.notes
                if let h = s.handout { notes.append("Handout: \(h.title).") }
                slides.append(.init(kicker: kicker, title: s.title, subtitle: s.prompts.isEmpty ? nil : s.purpose, blocks: prompts,
                                    aside: aside, notes: notes))
                let kind: SessionData = s.data == .pilots && shown.contains(.register) ? .register : s.data
                if !shown.contains(kind) {
                    slides += dataSlides(kind, view, kicker: kind == .barriers ? "Session \(number) · The barriers" : "Session \(number) · \(data.place)’s figures")
                    shown.insert(kind)
                    if kind == .register { shown.insert(.pilots) }
                    if kind == .overlap { shown.insert(.neighbourhoods) }
                }
            }
        }
        slides.append(.init(style: .section, kicker: data.place.uppercased(), title: "Thank you",
                            subtitle: "Decisions, owners and dates will be circulated within a week",
                            notes: ["Close on time. Thank people by name where you can."]))
        return PptxWriter(title: "\(w.title): \(data.place)", footer: "\(w.title) · \(data.place) · \(Format.longDate(view.date))", slides: slides)
    }

    /// Figures for a session, split over as many slides as the rows need.
    static func dataSlides(_ kind: SessionData, _ view: PackView, kicker: String) -> [PptxWriter.Slide] {
        let data = view.data
        let asOf = "Figures from the portfolio as at \(Format.longDate(data.asOf))."
        switch kind {
        case .none:
            return []
        case .pilots:
            let needing = data.pilotsNeedingDecision
            guard !needing.isEmpty else {
                return [.init(kicker: kicker, title: "Pilots needing a decision", blocks: [.paragraph("The register recommends continuing every pilot.")], notes: [asOf])]
            }
            return paged(needing, size: 7).enumerated().map { page, rows in
                .init(kicker: kicker, title: "Pilots needing a decision" + (needing.count > 7 ? " (\(page + 1) of \((needing.count + 6) / 7))" : ""),
                      blocks: [.table(header: ["Pilot", "Next funding end", "Why now", "Register"], rows: rows.map {
                              [$0.name, $0.fundingEnds, $0.attention.first ?? $0.why, data.recommendations[$0.id]?.recommendation ?? ""]
                          }, widths: [30, 20, 36, 14])],
                      notes: [asOf] + rows.map { "\($0.name): \($0.why)" + ($0.attention.isEmpty ? "" : " " + $0.attention.joined(separator: ". ") + ".") })
            }
        case .register:
            let f = data.figures
            var slides: [PptxWriter.Slide] = [
                .init(kicker: kicker, title: "\(data.place)’s pilots at a glance",
                      blocks: [.figures([(String(f.pilots), "pilots under review (\(f.livePilots) live)"),
                                         (String(f.register.pilotsNeedingDecision.count), "pilots needing a decision"),
                                         (String(f.register.reviewsOverdue), "reviews overdue"),
                                         ("\(f.startedInThreeYears) : \(f.stoppedInThreeYears)", "started : stopped in the last three years")]),
                               .table(header: ["Quarter", "Initiatives reaching a funding end", "A year"],
                                      rows: f.fundingEndsNextFourQuarters.map { [$0.label, String($0.initiatives.count), f.money($0.annualAmount)] },
                                      widths: [30, 45, 25])],
                      notes: [asOf] + registerFacts(f)),
            ]
            slides += dataSlides(.pilots, view, kicker: kicker)
            return slides
        case .neighbourhoods, .overlap:
            var slides: [PptxWriter.Slide] = []
            if kind == .overlap {
                let f = data.figures
                slides.append(.init(kicker: kicker, title: "Where the money comes from",
                                    blocks: [.figures([(Format.shortMoney(f.fundingAYear, currency: data.currency), "a year flowing through active initiatives"),
                                                       (String(f.fundingSources), "separate funding pots"),
                                                       (String(f.frontDoors), "separate front doors (own assessments)")]),
                                             .table(header: ["Kind of money", "Initiatives", "A year"],
                                                    rows: f.fundingByKind.map { [$0.label, String($0.initiatives), f.money($0.annualValue)] },
                                                    widths: [50, 20, 30])],
                                    notes: [asOf, "\(f.money(f.fundingAYear)) a year: the funding lines running on \(Format.longDate(f.asOf)) of active initiatives other than proposals.", "Each funding pot comes with its own conditions, reporting and end date; each front door is an assessment a family may be asked to go through."]))
                if !data.overlapFindings.isEmpty {
                    slides.append(.init(kicker: kicker, title: "Where our initiatives overlap", blocks: [.bullets(Array(data.overlapFindings.prefix(6)))], notes: [asOf]))
                }
            }
            let rows = Array(data.neighbourhoods.prefix(8))
            slides.append(.init(kicker: kicker, title: kind == .overlap ? "Where the load falls: the busiest neighbourhoods" : "Neighbourhoods at a glance",
                                blocks: [.table(header: ["Neighbourhood", "Population", "IMD decile", "Active initiatives", "Teams (FTE)", "Front doors"],
                                                rows: rows.map { [$0.name, $0.population.map(Format.count) ?? "–", $0.imdDecile.map(String.init) ?? "–",
                                                                  String($0.activeInitiatives), "\($0.teams) (\(Format.fte($0.fte)))", String($0.frontDoors)] },
                                                widths: [26, 15, 13, 16, 14, 16])],
                                notes: [asOf, "Front doors are the separate assessments a family in that neighbourhood could be asked to go through. IMD decile 1 is the most deprived tenth of England."]))
            return slides
        case .barriers:
            // One slide per barrier: the words people use, why, and what to do instead.
            let summary = PptxWriter.Slide(kicker: kicker, title: "What we say, and what to do instead",
                                           blocks: [.table(header: ["What people say", "What to do instead"],
                                                           rows: data.barriers.map { ["“\($0.says)”", $0.instead] }, widths: [42, 58])],
                                           notes: ["All the barriers on one slide, for the wall or for going back to."])
            return data.barriers.enumerated().map { n, b in
                .init(kicker: "Barrier \(n + 1) of \(data.barriers.count)", title: "“\(b.says)”", subtitle: b.why,
                      blocks: [.paragraph("Instead: \(b.instead)"), .bullets(b.steps)],
                      aside: ("Ask the room", [b.question]), notes: [b.why, "Instead: \(b.instead)", "Ask: \(b.question)"])
            } + (data.barriers.count > 7 ? [] : [summary])
        }
    }

    /// The register's figures in words, with the two ratios told apart (one is history, one a recommendation).
    static func registerFacts(_ f: PlaceFigures) -> [String] {
        [
            "\(f.pilots) pilots under review (\(f.livePilots) live), of which \(f.register.pilotsNeedingDecision.count) need a decision; \(f.register.reviewsOverdue) initiatives have a review overdue",
            "In the last three years: \(f.startedStoppedRatio) (the portfolio's history)",
            "The register's recommendations: start:stop \(f.register.startStopRatio); the recommended stops free \(f.money(f.register.moneyFreedByStops)) a year",
        ]
    }

    static func paged<T>(_ items: [T], size: Int) -> [[T]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}
