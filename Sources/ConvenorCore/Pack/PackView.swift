import Foundation

/// What every pack template sees: the workshop, its agenda and the place's figures as plain values
/// (strings, booleans, lists), so templates stay logic-less. The names are listed in
/// `templates/README.md`; renaming one breaks users' own templates.
public struct PackView: Sendable {
    public var workshop: Workshop
    public var agenda: Agenda
    public var data: PackData
    public var facilitator: String?
    /// The day the workshop runs (or the pack is dated).
    public var date: CalendarDate

    public init(workshop: Workshop, agenda: Agenda, data: PackData, facilitator: String?, date: CalendarDate) {
        self.workshop = workshop
        self.agenda = agenda
        self.data = data
        self.facilitator = facilitator
        self.date = date
    }

    /// Which data the workshop's sessions draw on.
    public var uses: Set<SessionData> { Set(workshop.sessions.map(\.data)) }

    /// Pilot cards are printed for workshops that work on pilots or the register; barrier cards for those
    /// using barriers; a workshop that uses neither gets both, so `cards.html` is never empty.
    public var showsPilotCards: Bool { uses.contains(.pilots) || uses.contains(.register) || !showsAnyCards }
    public var showsBarrierCards: Bool { uses.contains(.barriers) || !showsAnyCards }
    private var showsAnyCards: Bool { uses.contains(.pilots) || uses.contains(.register) || uses.contains(.barriers) }

    public var currency: String { data.currency }

    /// Handouts/NN-session-id.html for a session with a handout.
    public static func handoutPath(number: Int, session: WorkshopSession) -> String {
        "handouts/\(number < 10 ? "0" : "")\(number)-\(session.id).html"
    }

    public func sessionSlots() -> [(number: Int, slot: Agenda.Slot, session: WorkshopSession)] {
        agenda.slots.compactMap { slot in
            guard case .session(let s) = slot.item, let n = slot.sessionNumber else { return nil }
            return (n, slot, s)
        }
    }

    // MARK: The template context

    /// The dictionary templates render from, with `css` as the stylesheet and no script.
    public func context(css: String) -> [String: Any] { context(assets: PageAssets(css: css, script: "")) }

    /// The dictionary templates render from. `assets` holds the one stylesheet and table script, inlined
    /// into every HTML file by the shared layout; `css` is the stylesheet alone, for templates of earlier versions.
    public func context(assets: PageAssets) -> [String: Any] {
        let sessions = sessionSlots().map { sessionContext($0.number, $0.slot, $0.session) }
        let agendaRows: [[String: Any]] = agenda.slots.map { slot in
            var row: [String: Any] = ["start": slot.start.description, "end": slot.end.description,
                                      "minutes": slot.item.minutes, "time": "\(slot.start)–\(slot.end)"]
            switch slot.item {
            case .session(let s):
                row["isBreak"] = false
                row["title"] = s.title
                row["method"] = s.method.label
                row["number"] = slot.sessionNumber ?? 0
                row["anchor"] = "session-\(s.id)"
                row["purpose"] = s.purpose
            case .breakTime(let b):
                row["isBreak"] = true
                row["title"] = b.label
                row["method"] = ""
            }
            return row
        }
        let pilots = data.pilots.map(pilotContext)
        let needing = data.pilotsNeedingDecision.map(pilotContext)
        let f = data.figures
        var context: [String: Any] = [
            "assets": assets,
            "css": assets.css,
            "workshop": compact([
                "id": workshop.id, "version": workshop.version, "title": workshop.title,
                "subtitle": workshop.subtitle as Any, "purpose": workshop.purpose, "audience": workshop.audience,
                "outcomes": workshop.outcomes, "preparation": workshop.preparation,
                "minutes": workshop.minutes, "duration": Format.duration(minutes: workshop.minutes),
                "source": workshop.source,
            ]),
            "place": data.place,
            "placeCode": data.placeCode as Any,
            "date": Format.longDate(date),
            "asOf": Format.longDate(data.asOf),
            "facilitator": facilitator as Any,
            "start": agenda.start.description,
            "end": agenda.end.description,
            "agenda": agendaRows,
            "sessions": sessions,
            "sessionCount": sessions.count,
            "pilots": pilots,
            "hasPilots": !pilots.isEmpty,
            "pilotCount": pilots.count,
            "pilotsNeedingDecision": needing,
            "hasPilotsNeedingDecision": !needing.isEmpty,
            "pilotsNeedingDecisionCount": needing.count,
            "neighbourhoods": data.neighbourhoods.map(neighbourhoodContext),
            "hasNeighbourhoods": !data.neighbourhoods.isEmpty,
            "busiestNeighbourhoods": data.neighbourhoods.prefix(8).map(neighbourhoodContext),
            "facts": PackView.factsContext(f),
            "barriers": data.barriers.enumerated().map { n, b in
                ["number": n + 1, "id": b.id, "says": b.says, "why": b.why, "instead": b.instead,
                 "steps": b.steps, "question": b.question] as [String: Any]
            },
            "hasBarriers": !data.barriers.isEmpty,
            "appendixPilots": !pilots.isEmpty && (uses.contains(.pilots) || uses.contains(.register)),
            "appendixNeighbourhoods": !data.neighbourhoods.isEmpty && (uses.contains(.neighbourhoods) || uses.contains(.overlap)),
            "showPilotCards": showsPilotCards && !pilots.isEmpty,
            "showBarrierCards": showsBarrierCards && !data.barriers.isEmpty,
            "overlapFindings": data.overlapFindings,
            "hasOverlapFindings": !data.overlapFindings.isEmpty,
            "networkSVG": data.networkSVG as Any,
            "hasRecommendations": !data.recommendations.isEmpty,
            "figureNotes": PackView.figureNotes(uses),
            "hasFigureNotes": !PackView.figureNotes(uses).isEmpty,
            "warnings": agenda.warnings.map(\.message),
            "hasWarnings": !agenda.warnings.isEmpty,
            "handouts": sessions.filter { $0["handout"] != nil },
        ]
        // Two pilot cards to a sheet: type readable across a table (14 pt), the back printed on the next page.
        let pilotSheets = PackSlides.paged(pilots, size: 2)
        context["pilotSheets"] = pilotSheets.enumerated().map { n, cards in
            ["sheet": n + 1, "sheets": pilotSheets.count, "cards": cards] as [String: Any]
        }
        let barrierCards = context["barriers"] as? [[String: Any]] ?? []
        let barrierSheets = PackSlides.paged(barrierCards, size: 4)
        context["barrierSheets"] = barrierSheets.enumerated().map { n, cards in
            ["sheet": n + 1, "sheets": barrierSheets.count, "cards": cards] as [String: Any]
        }
        context["runningFooter"] = PackView.cssString("\(workshop.title) · \(data.place) · \(Format.longDate(date))")
        context["hasHandouts"] = !(context["handouts"] as? [[String: Any]] ?? []).isEmpty
        return compact(context)
    }

    func sessionContext(_ number: Int, _ slot: Agenda.Slot, _ s: WorkshopSession) -> [String: Any] {
        var c: [String: Any] = [
            "number": number, "id": s.id, "anchor": "session-\(s.id)", "title": s.title,
            "start": slot.start.description, "end": slot.end.description, "time": "\(slot.start)–\(slot.end)",
            "minutes": s.minutes, "method": s.method.label, "purpose": s.purpose, "notes": s.notes,
            "prompts": s.prompts, "hasPrompts": !s.prompts.isEmpty,
            "materials": s.materials, "hasMaterials": !s.materials.isEmpty,
            "data": s.data.rawValue, "hasData": s.data != .none,
            "dataLabel": PackView.dataLabel(s.data),
        ]
        // A kind of figure is printed with the first session that uses it; later ones point back to it.
        let first = firstSessionShowing[s.data] ?? number
        if first == number {
            c["usesPilots"] = s.data == .pilots
            c["usesRegister"] = s.data == .register
            c["usesOverlap"] = s.data == .overlap
            c["usesNeighbourhoods"] = s.data == .neighbourhoods
            c["usesBarriers"] = s.data == .barriers
        } else {
            c["figuresShownIn"] = first
        }
        if let h = s.handout {
            // A handout whose items are mostly labels ("Pilot:", "Who decides:") is a form to fill in.
            let items = h.blocks.compactMap { if case .item(let t) = $0 { t } else { nil } }
            let labels = items.filter { $0.hasSuffix(":") }.count
            c["handout"] = [
                "title": h.title,
                "isForm": !items.isEmpty && labels * 2 >= items.count,
                "file": PackView.handoutPath(number: number, session: s),
                "parts": h.grouped.map { part in
                    compact(["paragraph": part.paragraph as Any, "items": part.items, "hasItems": !part.items.isEmpty])
                },
            ] as [String: Any]
        }
        return c
    }

    /// Text for a CSS string in a `<style>` block, where HTML escapes do not apply.
    static func cssString(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "<": out += "\\3C "
            case ">": out += "\\3E "
            case "&": out += "\\26 "
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// For each kind of figure, the number of the first session that draws on it.
    public var firstSessionShowing: [SessionData: Int] {
        var first: [SessionData: Int] = [:]
        for (number, _, session) in sessionSlots() where session.data != .none && first[session.data] == nil {
            first[session.data] = number
        }
        return first
    }

    static func dataLabel(_ data: SessionData) -> String {
        switch data {
        case .none: ""
        case .register: "the pilot register: reviews due, funding ending, decisions"
        case .overlap: "the overlap map: where initiatives work with the same people in the same places"
        case .barriers: "the barrier cards"
        case .neighbourhoods: "the neighbourhood profiles"
        case .pilots: "the pilot cards"
        }
    }

    func pilotContext(_ p: PilotFacts) -> [String: Any] {
        let rec = data.recommendations[p.id]
        return compact([
            "id": p.id, "name": p.name, "owner": p.owner, "sponsor": p.sponsor as Any, "status": p.status,
            "dates": p.dates, "funding": p.funding, "fundingEnds": p.fundingEnds, "caseload": p.caseload,
            "evidence": p.evidence, "review": p.review, "reviewOverdue": p.reviewOverdue,
            "lastDecision": p.lastDecision as Any, "description": p.description as Any,
            "attention": p.attention, "hasAttention": !p.attention.isEmpty, "why": p.why,
            "cliffs": p.cliffs, "hasCliffs": !p.cliffs.isEmpty,
            "recommendation": rec?.recommendation as Any, "reasons": rec?.reasons ?? [],
            "recommendationTitle": rec.map { $0.recommendation.capitalisedFirst } as Any,
            "annualFunding": Format.money(p.annualFunding, currency: currency),
            "headline": p.attention.first ?? p.why,
        ])
    }

    func neighbourhoodContext(_ n: NeighbourhoodFigures) -> [String: Any] {
        [
            "id": n.id, "name": n.name,
            "population": n.population.map(Format.count) ?? "–",
            "imdDecile": n.imdDecile.map(String.init) ?? "–",
            "activeInitiatives": n.activeInitiatives, "liveInitiatives": n.liveInitiatives,
            "teams": n.teams, "fte": Format.fte(n.fte),
            "frontDoors": n.frontDoors, "initiatives": n.initiativeNames,
        ]
    }

    /// The definitions of the figures a workshop shows (docs/figures.md's sentences), for the method notes.
    public static func figureNotes(_ uses: Set<SessionData>) -> [String] {
        var notes: [String] = []
        if uses.contains(.pilots) || uses.contains(.register) {
            notes += [FigureDefinitions.fundingAYear, FigureDefinitions.pilotsNeedingDecision, FigureDefinitions.cliff,
                      FigureDefinitions.fundingEnds, FigureDefinitions.moneyFreed, FigureDefinitions.recommendedStartStop,
                      FigureDefinitions.startedStopped]
        }
        if uses.contains(.overlap) || uses.contains(.neighbourhoods) {
            if !notes.contains(FigureDefinitions.fundingAYear) && uses.contains(.overlap) { notes.append(FigureDefinitions.fundingAYear) }
            if uses.contains(.overlap) { notes.append(FigureDefinitions.placeFundingAYear) }
            notes += [FigureDefinitions.active, FigureDefinitions.teams, FigureDefinitions.fte, FigureDefinitions.frontDoors]
        }
        return notes
    }

    /// The place's headline figures as templates see them (`facts.…`), formatted once for every output.
    static func factsContext(_ f: PlaceFigures) -> [String: Any] {
        let grants = f.fundingByKind.first { $0.label == FundingFigures.kindLabel(.grant) }?.annualValue ?? 0
        return [
            "activeInitiatives": f.active, "pilots": f.pilots, "livePilots": f.livePilots,
            "pilotsNeedingDecision": f.register.pilotsNeedingDecision.count,
            "reviewsOverdue": f.register.reviewsOverdue, "started": f.startedInThreeYears,
            "stopped": f.stoppedInThreeYears,
            "startedStopped": f.startedStoppedRatio, "startStop": f.startedStoppedRatio,
            "recommendedStartStop": f.register.startStopRatio,
            "moneyFreedByStops": f.money(f.register.moneyFreedByStops),
            "annualFunding": f.money(f.fundingAYear),
            "annualFundingShort": Format.shortMoney(f.fundingAYear, currency: f.currency),
            "fundingSources": f.fundingSources, "frontDoors": f.frontDoors,
            "grantShare": f.fundingAYear > 0 ? "\(NSDecimalNumber(decimal: grants * 100 / f.fundingAYear).intValue)%" : "–",
            "fundingByKind": f.fundingByKind.map { k in
                ["label": k.label, "initiatives": k.initiatives, "value": f.money(k.annualValue)] as [String: Any]
            },
            "fundingEnding": f.fundingEndsNextFourQuarters.map { q in
                ["label": q.label, "initiatives": q.initiatives.count, "lines": q.lines, "value": f.money(q.annualAmount)] as [String: Any]
            },
            "cliffs": f.register.cliffs.map { c in
                ["name": f.initiative(c.initiative)?.name ?? c.initiative, "source": c.source, "end": Format.longDate(c.end)] as [String: Any]
            },
            "hasCliffs": !f.register.cliffs.isEmpty,
            "cliffMonths": f.register.cliffMonths,
        ]
    }
}

extension Format {
    /// 12.5 → "12.5", 12 → "12": staff numbers to one decimal place.
    public static func fte(_ value: Decimal) -> String {
        var rounded = Decimal()
        var v = value
        NSDecimalRound(&rounded, &v, 1, .plain)
        let tenths = NSDecimalNumber(decimal: rounded * 10).intValue
        return tenths % 10 == 0 ? count(tenths / 10) : "\(count(tenths / 10)).\(abs(tenths % 10))"
    }
}

/// Drops keys whose value is a nil optional: Mustache would treat a boxed nil as "present".
func compact(_ dictionary: [String: Any]) -> [String: Any] {
    dictionary.filter { !(($0.value as? NilCheckable)?.isNil ?? false) }
}

private protocol NilCheckable { var isNil: Bool { get } }
extension Optional: NilCheckable { fileprivate var isNil: Bool { self == nil } }
