import Foundation

/// One decision (or recommendation) to record in a portfolio, as taken: values are text, checked by
/// `DecisionRecorder.problems`, so every caller (the `decide` command, the live room) gives the same
/// messages.
public struct DecisionRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Decided: added to the initiative's decision record (value, date, by, into, reasons, alternatives).
        case decision
        /// Recommended to a decision-maker outside the room: becomes the initiative's review, dated by
        /// when they will decide (`date`) and owned by who decides (`by`), so `check` holds them to it.
        case recommendation
    }

    public var kind: Kind
    /// The initiative's id.
    public var initiative: String
    /// stop, start, scale, continue or merge.
    public var value: String
    /// YYYY-MM-DD: when it was decided, or (recommendation) the date to decide by.
    public var date: String
    /// Who decided, or (recommendation) who decides.
    public var by: String
    /// The initiative it merges into (merge only).
    public var into: String?
    public var rationale: String?
    /// Alternatives considered and rejected.
    public var alternatives: String?

    public init(kind: Kind = .decision, initiative: String, value: String, date: String, by: String,
                into: String? = nil, rationale: String? = nil, alternatives: String? = nil) {
        self.kind = kind
        self.initiative = initiative
        self.value = value
        self.date = date
        self.by = by
        self.into = into
        self.rationale = rationale
        self.alternatives = alternatives
    }

    /// Text as the portfolio will hold it: trimmed, and nil when empty.
    static func clean(_ text: String?) -> String? {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }

    /// The decision as the model holds it; nil when the value or date is not valid (see `problems`).
    public var decision: Decision? {
        guard let value = DecisionValue(rawValue: value.trimmingCharacters(in: .whitespaces)),
              let date = CalendarDate(iso: date.trimmingCharacters(in: .whitespaces)) else { return nil }
        return Decision(value: value, date: date, by: Self.clean(by), into: Self.clean(into),
                        rationale: Self.clean(rationale), alternatives: Self.clean(alternatives))
    }
}
