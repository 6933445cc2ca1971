/// The closed vocabularies of the portfolio format. Raw values are the spellings used in XML and CSV.

public enum Sector: String, CaseIterable, Sendable, Codable {
    case localGovernment = "local-government", health, police, dwp, voluntary, housing, education, other
}

public enum TeamRole: String, CaseIterable, Sendable, Codable {
    case generalist, specialist, outreach, management
}

public enum InitiativeKind: String, CaseIterable, Sendable, Codable {
    case pilot, programme, project, service
}

public enum InitiativeStatus: String, CaseIterable, Sendable, Codable {
    case proposed, live, paused, ended, stopped, mainstreamed

    /// Still running or about to: everything but ended and stopped (the overlap map's definition).
    public var isActive: Bool { self != .ended && self != .stopped }
}

public enum FundingKind: String, CaseIterable, Sendable, Codable {
    case core, grant, pooled, external
}

public enum FundingPeriod: String, CaseIterable, Sendable, Codable {
    /// The amount is paid every year between start and end.
    case year
    /// The amount is the whole award for the period.
    case total
}

public enum EvidenceLevel: String, CaseIterable, Sendable, Codable, Comparable {
    case none, anecdotal, monitoring, evaluated

    public var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (l: Self, r: Self) -> Bool { l.rank < r.rank }
}

public enum EvidenceResult: String, CaseIterable, Sendable, Codable {
    case positive, mixed, negative, unknown
}

public enum DecisionValue: String, CaseIterable, Sendable, Codable {
    case stop, start, scale, `continue`, merge
}

/// A closed vocabulary whose spellings can be listed in an error message.
public protocol Vocabulary: RawRepresentable, CaseIterable where RawValue == String {}

extension Vocabulary {
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

extension Sector: Vocabulary {}
extension TeamRole: Vocabulary {}
extension InitiativeKind: Vocabulary {}
extension InitiativeStatus: Vocabulary {}
extension FundingKind: Vocabulary {}
extension FundingPeriod: Vocabulary {}
extension EvidenceLevel: Vocabulary {}
extension EvidenceResult: Vocabulary {}
extension DecisionValue: Vocabulary {}
