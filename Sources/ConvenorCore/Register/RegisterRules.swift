import Foundation

/// The rules of the stop/start register (README, "Register and CI gate"). The raw values are stable ids: they appear
/// in diagnostics, rules files, CSV and JSON, and CI configurations match on them.
public enum RegisterRule: String, CaseIterable, Sendable, Codable, Comparable {
    case reviewOverdue = "review-overdue"
    case fundingCliff = "funding-cliff"
    case pilotitis
    case noEvidence = "no-evidence"
    case negativeEvidence = "negative-evidence"
    case positiveEvidence = "positive-evidence"
    case overlaps
    case sharedFamilies = "shared-families"
    case startWithoutStop = "start-without-stop"

    public static func < (l: Self, r: Self) -> Bool {
        (allCases.firstIndex(of: l) ?? 0) < (allCases.firstIndex(of: r) ?? 0)
    }

    /// The rules that need the overlap analysis; skipped when it has not been run.
    public var needsOverlap: Bool { self == .overlaps || self == .sharedFamilies || self == .startWithoutStop }

    /// The settings a rules file may give this rule, besides `id` and `severity`.
    public var settingNames: [String] {
        switch self {
        case .reviewOverdue: ["grace-days"]
        case .fundingCliff, .pilotitis, .noEvidence: ["months"]
        case .negativeEvidence, .positiveEvidence: ["min-level"]
        case .overlaps, .sharedFamilies, .startWithoutStop: []
        }
    }
}

/// How much a flag matters. `off` in a rules file disables a rule.
public enum FlagSeverity: String, CaseIterable, Sendable, Codable, Comparable {
    case error, warning, note

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (l: Self, r: Self) -> Bool { l.rank < r.rank }

    var diagnosticSeverity: Diagnostic.Severity {
        switch self {
        case .error: .error
        case .warning: .warning
        case .note: .note
        }
    }
}

/// Thresholds and severities for every rule, with their defaults (schemas/rules.xsd documents each).
public struct RegisterSettings: Sendable, Equatable {
    /// nil = the rule is off.
    public var severities: [RegisterRule: FlagSeverity]
    /// Days after the review date before it counts as overdue (0: overdue from the day after).
    public var reviewGraceDays: Int = 0
    /// A funding line ending within this many months after as-of is a cliff.
    public var fundingCliffMonths: Int = 6
    /// A live pilot older than this many months without a stop, scale or merge decision has pilotitis.
    public var pilotitisMonths: Int = 24
    /// An initiative live longer than this with no or anecdotal evidence is flagged.
    public var noEvidenceMonths: Int = 12
    /// The least evidence level at which a negative result recommends stopping.
    public var negativeEvidenceMinLevel: EvidenceLevel = .monitoring
    /// The least evidence level at which a positive result recommends scaling.
    public var positiveEvidenceMinLevel: EvidenceLevel = .evaluated

    public static let defaultSeverities: [RegisterRule: FlagSeverity] = [
        .reviewOverdue: .error, .fundingCliff: .warning, .pilotitis: .warning, .noEvidence: .warning,
        .negativeEvidence: .warning, .positiveEvidence: .note, .overlaps: .warning, .sharedFamilies: .note, .startWithoutStop: .warning,
    ]

    public init() { severities = Self.defaultSeverities }

    public func severity(of rule: RegisterRule) -> FlagSeverity? { severities[rule] }
}

/// Reads `convenor.rules.xml` (schema `schemas/rules.xsd`, namespace `urn:convenor:rules:1`):
///
/// ```xml
/// <rules xmlns="urn:convenor:rules:1">
///   <rule id="funding-cliff" months="9"/>
///   <rule id="positive-evidence" severity="off"/>
/// </rules>
/// ```
/// Rules not named keep their defaults. Unknown rule ids and settings are errors naming the valid ones.
public enum RulesFile {
    public static let namespace = "urn:convenor:rules:1"
    /// The file looked for next to the portfolio when `--rules` is not given.
    public static let defaultName = "convenor.rules.xml"

    public static let schema: XMLSchema = {
        do {
            return try XMLSchema(contents: BuiltInResources.text("schemas/rules.xsd") ?? "", name: "schemas/rules.xsd")
        } catch {
            // Built into the binary and covered by tests: failing here is a build defect.
            fatalError("built-in rules schema does not compile: \(error)")
        }
    }()

    /// Where the rules file for a portfolio would be: beside the XML file, or inside the CSV folder.
    public static func defaultPath(forPortfolio input: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
            return (input as NSString).appendingPathComponent(defaultName)
        }
        let folder = (input as NSString).deletingLastPathComponent
        return folder.isEmpty ? defaultName : (folder as NSString).appendingPathComponent(defaultName)
    }

    /// Reads a rules file. Throws `InputError` (every problem, with file:line:column) or `FileError`.
    public static func load(path: String, displayName: String? = nil) throws -> RegisterSettings {
        let name = displayName ?? path
        let reader = try XMLStreamReader(path: path, displayName: name, schema: schema)
        var settings = RegisterSettings()
        var problems: [Diagnostic] = []
        var seen: [RegisterRule: Int] = [:]
        while reader.read() {
            guard reader.kind == .startElement else { continue }
            let here = SourceLocation(file: name, line: reader.line)
            if reader.depth == 0 {
                guard reader.localName == "rules", reader.namespaceURI == namespace else {
                    problems.append(.error(.wrongRoot, "this is not a Convenor rules file: expected <rules xmlns=\"\(namespace)\">, found <\(reader.localName)>",
                                           at: SourceLocation(file: name, line: here.line, column: 1)))
                    break
                }
                continue
            }
            guard reader.depth == 1, reader.localName == "rule", reader.namespaceURI == namespace else { continue }
            let attributes = reader.attributes()
            guard let idText = attributes.first(where: { $0.name == "id" })?.value else { continue } // the schema reports it
            guard let rule = RegisterRule(rawValue: idText) else {
                problems.append(.error(.unknownRule, "there is no rule '\(idText)'; the rules are: \(RegisterRule.allCases.map(\.rawValue).joined(separator: ", "))",
                                       at: here, field: "id"))
                continue
            }
            if let first = seen[rule] {
                problems.append(.error(.duplicateRule, "rule '\(rule.rawValue)' is set twice; keep one (the first is on line \(first))", at: here, field: "id"))
                continue
            }
            seen[rule] = here.line
            for attribute in attributes where attribute.name != "id" {
                let value = attribute.value.trimmingCharacters(in: .whitespaces)
                if attribute.name == "severity" {
                    if value == "off" { settings.severities[rule] = nil }
                    else if let s = FlagSeverity(rawValue: value) { settings.severities[rule] = s }
                    continue // other values: the schema reports them
                }
                guard rule.settingNames.contains(attribute.name) else {
                    let valid = (["severity"] + rule.settingNames).joined(separator: ", ")
                    problems.append(.error(.unknownSetting, "rule '\(rule.rawValue)' has no setting '\(attribute.name)'; its settings are: \(valid)",
                                           at: here, field: attribute.name))
                    continue
                }
                switch attribute.name {
                case "grace-days", "months":
                    guard let n = Int(value), n >= 0 else { continue } // the schema reports it
                    switch rule {
                    case .reviewOverdue: settings.reviewGraceDays = n
                    case .fundingCliff: settings.fundingCliffMonths = n
                    case .pilotitis: settings.pilotitisMonths = n
                    default: settings.noEvidenceMonths = n
                    }
                case "min-level":
                    guard let level = EvidenceLevel(rawValue: value) else { continue }
                    if rule == .negativeEvidence { settings.negativeEvidenceMinLevel = level } else { settings.positiveEvidenceMinLevel = level }
                default:
                    break
                }
            }
        }
        let all = XMLColumnResolver.resolve(reader.diagnostics + problems, path: path, displayName: name).sortedByLocation()
        if all.hasErrors { throw InputError(all) }
        return settings
    }
}
