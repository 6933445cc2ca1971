import Foundation

/// What every pack template sees: the workshop, its agenda and the place's figures as plain values
/// (text, numbers, flags and lists), formatted once, so templates stay logic-less. Every figure is read
/// from `PlaceFigures`. The names are a contract with users' own templates, listed in
/// `templates/README.md`: renaming a field breaks them.
///
/// A nil optional is absent to Mustache, which then looks for the name in the enclosing sections; a
/// field that only some items have (a break has no `number`) is optional so that it is absent, not false.
struct PackTemplateView: Encodable {
    struct WorkshopText: Encodable {
        var id: String
        var version: Int
        var title: String
        var subtitle: String?
        var purpose: String
        var audience: String
        var outcomes: [String]
        var preparation: [String]
        var minutes: Int
        /// "3½ hours".
        var duration: String
        /// Where the workshop was read from.
        var source: String
    }

    /// A session or a break in the running order.
    struct AgendaRow: Encodable {
        var start: String
        var end: String
        var minutes: Int
        /// "09:30–09:45".
        var time: String
        var isBreak: Bool
        var title: String
        /// The method's label; empty for a break.
        var method: String
        /// Sessions only.
        var number: Int?
        var anchor: String?
        var purpose: String?
    }

    struct Session: Encodable {
        struct Handout: Encodable {
            /// A paragraph, or a list of items.
            struct Part: Encodable {
                var paragraph: String?
                var items: [String]
                var hasItems: Bool
            }

            var title: String
            /// Most of its items are labels ("Pilot:", "Who decides:"): a form to fill in.
            var isForm: Bool
            /// "handouts/03-stopping-is-harder.html".
            var file: String
            var parts: [Part]
        }

        var number: Int
        var id: String
        var anchor: String
        var title: String
        var start: String
        var end: String
        var time: String
        var minutes: Int
        var method: String
        var purpose: String
        var notes: [String]
        var prompts: [String]
        var hasPrompts: Bool
        var materials: [String]
        var hasMaterials: Bool
        /// The `SessionData` raw value: none, register, overlap, barriers, neighbourhoods or pilots.
        var data: String
        var hasData: Bool
        var dataLabel: String
        /// Which figures this session shows: set on the first session drawing on its kind of figure
        /// (true for that kind), absent on later ones, which get `figuresShownIn` instead.
        var usesPilots: Bool?
        var usesRegister: Bool?
        var usesOverlap: Bool?
        var usesNeighbourhoods: Bool?
        var usesBarriers: Bool?
        /// The number of the session that first showed this session's figures.
        var figuresShownIn: Int?
        var handout: Handout?
    }

    /// A pilot card.
    struct Pilot: Encodable {
        var id: String
        var name: String
        var owner: String
        var sponsor: String?
        var status: String
        var dates: String
        var funding: String
        var fundingEnds: String
        var caseload: String
        var evidence: String
        var review: String
        var reviewOverdue: Bool
        var lastDecision: String?
        var description: String?
        var attention: [String]
        var hasAttention: Bool
        var why: String
        var cliffs: [String]
        var hasCliffs: Bool
        /// The register's recommendation (a `Recommendation` raw value), when it has the initiative.
        var recommendation: String?
        var reasons: [String]
        /// "Merge".
        var recommendationTitle: String?
        var annualFunding: String
        /// The first of the register's findings, or its reason: the card's "why now".
        var headline: String
    }

    struct NeighbourhoodRow: Encodable {
        var id: String
        var name: String
        /// "–" when not recorded.
        var population: String
        var imdDecile: String
        var activeInitiatives: Int
        var liveInitiatives: Int
        var teams: Int
        var fte: String
        var frontDoors: Int
        var initiatives: [String]
    }

    /// The place's headline figures (`facts.…`), each defined in docs/figures.md.
    struct Facts: Encodable {
        struct KindOfMoney: Encodable { var label: String, initiatives: Int, value: String }
        struct QuarterEnding: Encodable { var label: String, initiatives: Int, lines: Int, value: String }
        struct Cliff: Encodable { var name: String, source: String, end: String }

        var activeInitiatives: Int
        var pilots: Int
        var livePilots: Int
        var pilotsNeedingDecision: Int
        var reviewsOverdue: Int
        var started: Int
        var stopped: Int
        /// "17 started : 4 stopped"; `startStop` is its name in earlier versions.
        var startedStopped: String
        var startStop: String
        /// The register's recommended starts:stops, "0:2".
        var recommendedStartStop: String
        var moneyFreedByStops: String
        var annualFunding: String
        /// "£9.7m".
        var annualFundingShort: String
        var fundingSources: Int
        var frontDoors: Int
        /// "34%", or "–" when the place has no funding.
        var grantShare: String
        var fundingByKind: [KindOfMoney]
        var fundingEnding: [QuarterEnding]
        var cliffs: [Cliff]
        var hasCliffs: Bool
        var cliffMonths: Int
    }

    struct BarrierCard: Encodable {
        var number: Int
        var id: String
        var says: String
        var why: String
        var instead: String
        var steps: [String]
        var question: String
    }

    /// Cards printed to one sheet of paper.
    struct Sheet<Card: Encodable>: Encodable {
        var sheet: Int
        var sheets: Int
        var cards: [Card]

        static func paged(_ cards: [Card], size: Int) -> [Sheet] {
            let sheets = PackSlides.paged(cards, size: size)
            return sheets.enumerated().map { Sheet(sheet: $0.offset + 1, sheets: sheets.count, cards: $0.element) }
        }
    }

    /// The one stylesheet and table script, inlined into every HTML file by the shared layout.
    var assets: PageAssets
    /// The stylesheet alone, for templates of earlier versions.
    var css: String
    var workshop: WorkshopText
    var place: String
    var placeCode: String?
    var date: String
    var asOf: String
    var facilitator: String?
    var start: String
    var end: String
    var agenda: [AgendaRow]
    var sessions: [Session]
    var sessionCount: Int
    var pilots: [Pilot]
    var hasPilots: Bool
    var pilotCount: Int
    var pilotsNeedingDecision: [Pilot]
    var hasPilotsNeedingDecision: Bool
    var pilotsNeedingDecisionCount: Int
    var neighbourhoods: [NeighbourhoodRow]
    var hasNeighbourhoods: Bool
    var busiestNeighbourhoods: [NeighbourhoodRow]
    var facts: Facts
    var barriers: [BarrierCard]
    var hasBarriers: Bool
    var appendixPilots: Bool
    var appendixNeighbourhoods: Bool
    var showPilotCards: Bool
    var showBarrierCards: Bool
    var overlapFindings: [String]
    var hasOverlapFindings: Bool
    var networkSVG: String?
    var hasRecommendations: Bool
    var figureNotes: [String]
    var hasFigureNotes: Bool
    var warnings: [String]
    var hasWarnings: Bool
    /// The sessions that have a handout.
    var handouts: [Session]
    var hasHandouts: Bool
    /// Two pilot cards to a sheet: type readable across a table (14 pt), the back printed on the next page.
    var pilotSheets: [Sheet<Pilot>]
    var barrierSheets: [Sheet<BarrierCard>]
    /// Workshop · place · date, escaped for a CSS string (`@page` footers).
    var runningFooter: String
    /// The session whose handout `handout.html.mustache` is printing; nil in every other document.
    var session: Session?

    init(_ view: PackView, assets: PageAssets) {
        let data = view.data, uses = view.uses
        let firstShowing = view.firstSessionShowing
        self.assets = assets
        css = assets.css
        workshop = WorkshopText(view.workshop)
        place = data.place
        placeCode = data.placeCode
        date = Format.longDate(view.date)
        asOf = Format.longDate(data.asOf)
        facilitator = view.facilitator
        start = view.agenda.start.description
        end = view.agenda.end.description
        agenda = view.agenda.slots.map(AgendaRow.init)
        sessions = view.sessionSlots().map { Session(number: $0.number, slot: $0.slot, session: $0.session, firstShowing: firstShowing) }
        sessionCount = sessions.count
        pilots = data.pilots.map { Pilot($0, register: data.recommendations[$0.id], currency: data.currency) }
        hasPilots = !pilots.isEmpty
        pilotCount = pilots.count
        pilotsNeedingDecision = data.pilotsNeedingDecision.map { Pilot($0, register: data.recommendations[$0.id], currency: data.currency) }
        hasPilotsNeedingDecision = !pilotsNeedingDecision.isEmpty
        pilotsNeedingDecisionCount = pilotsNeedingDecision.count
        neighbourhoods = data.neighbourhoods.map(NeighbourhoodRow.init)
        hasNeighbourhoods = !neighbourhoods.isEmpty
        busiestNeighbourhoods = Array(neighbourhoods.prefix(8))
        facts = Facts(data.figures)
        barriers = data.barriers.enumerated().map { BarrierCard(number: $0.offset + 1, $0.element) }
        hasBarriers = !barriers.isEmpty
        appendixPilots = hasPilots && (uses.contains(.pilots) || uses.contains(.register))
        appendixNeighbourhoods = hasNeighbourhoods && (uses.contains(.neighbourhoods) || uses.contains(.overlap))
        showPilotCards = view.showsPilotCards && hasPilots
        showBarrierCards = view.showsBarrierCards && hasBarriers
        overlapFindings = data.overlapFindings
        hasOverlapFindings = !overlapFindings.isEmpty
        networkSVG = data.networkSVG
        hasRecommendations = !data.recommendations.isEmpty
        figureNotes = PackView.figureNotes(uses)
        hasFigureNotes = !figureNotes.isEmpty
        warnings = view.agenda.warnings.map(\.message)
        hasWarnings = !warnings.isEmpty
        handouts = sessions.filter { $0.handout != nil }
        hasHandouts = !handouts.isEmpty
        pilotSheets = Sheet.paged(pilots, size: 2)
        barrierSheets = Sheet.paged(barriers, size: 4)
        runningFooter = PackView.cssString("\(view.workshop.title) · \(data.place) · \(Format.longDate(view.date))")
    }

    /// This view as `handout.html.mustache` sees it for one session's handout.
    func handoutPage(_ session: Session) -> PackTemplateView {
        var page = self
        page.session = session
        return page
    }
}

extension PackTemplateView.WorkshopText {
    init(_ w: Workshop) {
        self.init(id: w.id, version: w.version, title: w.title, subtitle: w.subtitle, purpose: w.purpose, audience: w.audience,
                  outcomes: w.outcomes, preparation: w.preparation, minutes: w.minutes,
                  duration: Format.duration(minutes: w.minutes), source: w.source)
    }
}

extension PackTemplateView.AgendaRow {
    init(_ slot: Agenda.Slot) {
        self.init(start: slot.start.description, end: slot.end.description, minutes: slot.item.minutes,
                  time: "\(slot.start)–\(slot.end)", isBreak: false, title: "", method: "")
        switch slot.item {
        case .session(let s):
            title = s.title
            method = s.method.label
            number = slot.sessionNumber ?? 0
            anchor = "session-\(s.id)"
            purpose = s.purpose
        case .breakTime(let b):
            isBreak = true
            title = b.label
        }
    }
}

extension PackTemplateView.Session {
    /// `firstShowing`: for each kind of figure, the number of the first session that draws on it
    /// (`PackView.firstSessionShowing`). That session prints the figures; later ones point back to it.
    init(number: Int, slot: Agenda.Slot, session s: WorkshopSession, firstShowing: [SessionData: Int]) {
        self.init(number: number, id: s.id, anchor: "session-\(s.id)", title: s.title,
                  start: slot.start.description, end: slot.end.description, time: "\(slot.start)–\(slot.end)",
                  minutes: s.minutes, method: s.method.label, purpose: s.purpose, notes: s.notes,
                  prompts: s.prompts, hasPrompts: !s.prompts.isEmpty, materials: s.materials, hasMaterials: !s.materials.isEmpty,
                  data: s.data.rawValue, hasData: s.data != .none, dataLabel: PackView.dataLabel(s.data))
        let first = firstShowing[s.data] ?? number
        if first == number {
            usesPilots = s.data == .pilots
            usesRegister = s.data == .register
            usesOverlap = s.data == .overlap
            usesNeighbourhoods = s.data == .neighbourhoods
            usesBarriers = s.data == .barriers
        } else {
            figuresShownIn = first
        }
        handout = s.handout.map { h in
            // A handout whose items are mostly labels ("Pilot:", "Who decides:") is a form to fill in.
            let items = h.blocks.compactMap { if case .item(let t) = $0 { t } else { nil } }
            let labels = items.filter { $0.hasSuffix(":") }.count
            return Handout(title: h.title, isForm: !items.isEmpty && labels * 2 >= items.count,
                           file: PackView.handoutPath(number: number, session: s),
                           parts: h.grouped.map { Handout.Part(paragraph: $0.paragraph, items: $0.items, hasItems: !$0.items.isEmpty) })
        }
    }
}

extension PackTemplateView.Pilot {
    init(_ p: PilotFacts, register rec: RegisterRecommendation?, currency: String) {
        self.init(id: p.id, name: p.name, owner: p.owner, sponsor: p.sponsor, status: p.status, dates: p.dates,
                  funding: p.funding, fundingEnds: p.fundingEnds, caseload: p.caseload, evidence: p.evidence,
                  review: p.review, reviewOverdue: p.reviewOverdue, lastDecision: p.lastDecision, description: p.description,
                  attention: p.attention, hasAttention: !p.attention.isEmpty, why: p.why, cliffs: p.cliffs, hasCliffs: !p.cliffs.isEmpty,
                  recommendation: rec?.recommendation, reasons: rec?.reasons ?? [],
                  recommendationTitle: rec.map { $0.recommendation.capitalisedFirst },
                  annualFunding: Format.money(p.annualFunding, currency: currency),
                  headline: p.attention.first ?? p.why)
    }
}

extension PackTemplateView.NeighbourhoodRow {
    init(_ n: NeighbourhoodFigures) {
        self.init(id: n.id, name: n.name, population: n.population.map(Format.count) ?? "–",
                  imdDecile: n.imdDecile.map(String.init) ?? "–", activeInitiatives: n.activeInitiatives,
                  liveInitiatives: n.liveInitiatives, teams: n.teams, fte: Format.fte(n.fte), frontDoors: n.frontDoors,
                  initiatives: n.initiativeNames)
    }
}

extension PackTemplateView.Facts {
    init(_ f: PlaceFigures) {
        self.init(activeInitiatives: f.active, pilots: f.pilots, livePilots: f.livePilots,
                  pilotsNeedingDecision: f.register.pilotsNeedingDecision.count, reviewsOverdue: f.register.reviewsOverdue,
                  started: f.startedInThreeYears, stopped: f.stoppedInThreeYears,
                  startedStopped: f.startedStoppedRatio, startStop: f.startedStoppedRatio,
                  recommendedStartStop: f.register.startStopRatio,
                  moneyFreedByStops: f.money(f.register.moneyFreedByStops),
                  annualFunding: f.money(f.fundingAYear),
                  annualFundingShort: Format.shortMoney(f.fundingAYear, currency: f.currency),
                  fundingSources: f.fundingSources, frontDoors: f.frontDoors,
                  grantShare: f.grantSharePercent.map { "\($0)%" } ?? "–",
                  fundingByKind: f.fundingByKind.map { KindOfMoney(label: $0.label, initiatives: $0.initiatives, value: f.money($0.annualValue)) },
                  fundingEnding: f.fundingEndsNextFourQuarters.map {
                      QuarterEnding(label: $0.label, initiatives: $0.initiatives.count, lines: $0.lines, value: f.money($0.annualAmount))
                  },
                  cliffs: f.register.cliffs.map { Cliff(name: f.initiative($0.initiative)?.name ?? $0.initiative, source: $0.source, end: Format.longDate($0.end)) },
                  hasCliffs: !f.register.cliffs.isEmpty, cliffMonths: f.register.cliffMonths)
    }
}

extension PackTemplateView.BarrierCard {
    init(number: Int, _ b: Barrier) {
        self.init(number: number, id: b.id, says: b.says, why: b.why, instead: b.instead, steps: b.steps, question: b.question)
    }
}
