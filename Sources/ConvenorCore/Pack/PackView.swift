import Foundation

/// A pack's workshop, its running order and the place's figures: what `PackTemplateView` (and the slides'
/// view) present to the templates.
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
