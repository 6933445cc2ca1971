/// Every diagnostic code Convenor emits (issue 14): stable identifiers that tests, CI and the JSON
/// output match on. Emitting a diagnostic takes one of these, never a string, so the coverage test
/// can loop over every case.
public enum DiagnosticCode: String, Sendable, CaseIterable, Codable {
    case agendaOverrun = "agenda-overrun"
    case agendaPastMidnight = "agenda-past-midnight"
    case agendaShort = "agenda-short"
    case badDate = "bad-date"
    case badEncoding = "bad-encoding"
    case badNumber = "bad-number"
    case badPlan = "bad-plan"
    case badValue = "bad-value"
    case badWorkbook = "bad-workbook"
    case cannotRead = "cannot-read"
    case danglingReference = "dangling-reference"
    case dateInFuture = "date-in-future"
    case duplicateColumn = "duplicate-column"
    case duplicateElement = "duplicate-element"
    case duplicateId = "duplicate-id"
    case duplicateRule = "duplicate-rule"
    case editMismatch = "edit-mismatch"
    case emptyArea = "empty-area"
    case emptyElement = "empty-element"
    case endBeforeStart = "end-before-start"
    case entityForbidden = "entity-forbidden"
    case extraRow = "extra-row"
    case formulaLike = "formula-like"
    case fundingCliff = "funding-cliff"
    case iatiVersion = "iati-version"
    case individualLocation = "individual-location"
    case intoWithoutMerge = "into-without-merge"
    case malformedJson = "malformed-json"
    case malformedXml = "malformed-xml"
    case mergeChain = "merge-chain"
    case mergeIntoInactive = "merge-into-inactive"
    case mergeIntoSelf = "merge-into-self"
    case mergeIntoStopped = "merge-into-stopped"
    case mergeWithoutInto = "merge-without-into"
    case missingAsOf = "missing-as-of"
    case missingColumn = "missing-column"
    case missingElement = "missing-element"
    case missingField = "missing-field"
    case missingFile = "missing-file"
    case missingSheet = "missing-sheet"
    case missingValue = "missing-value"
    case misspeltAttribute = "misspelt-attribute"
    case misspeltColumn = "misspelt-column"
    case negativeEvidence = "negative-evidence"
    case neverMergeWithSelf = "never-merge-with-self"
    case noEvidence = "no-evidence"
    case noLocation = "no-location"
    case not360giving = "not-360giving"
    case notAPortfolio = "not-a-portfolio"
    case notIati = "not-iati"
    case orphanField = "orphan-field"
    case otherCurrency = "other-currency"
    case overlaps = "overlaps"
    case pilotitis = "pilotitis"
    case positiveEvidence = "positive-evidence"
    case raggedRow = "ragged-row"
    case reviewBeforeStart = "review-before-start"
    case reviewOverdue = "review-overdue"
    case schemaInvalid = "schema-invalid"
    case schemaViolation = "schema-violation"
    case sharedFamilies = "shared-families"
    case startWithoutStop = "start-without-stop"
    case templateError = "template-error"
    case tooLarge = "too-large"
    case tooManyProblems = "too-many-problems"
    case truncatedJson = "truncated-json"
    case unclosedQuote = "unclosed-quote"
    case unheadedCells = "unheaded-cells"
    case unknownCode = "unknown-code"
    case unknownColumn = "unknown-column"
    case unknownElement = "unknown-element"
    case unknownInitiative = "unknown-initiative"
    case unknownRule = "unknown-rule"
    case unknownSetting = "unknown-setting"
    case unknownSheet = "unknown-sheet"
    case unknownWorkshop = "unknown-workshop"
    case unsupportedEncoding = "unsupported-encoding"
    case unsupportedLayout = "unsupported-layout"
    case wrongRoot = "wrong-root"
}

extension DiagnosticCode {
    /// The code of a register rule's finding (`check` prints findings under their rule's id).
    public init(_ rule: RegisterRule) {
        switch rule {
        case .reviewOverdue: self = .reviewOverdue
        case .fundingCliff: self = .fundingCliff
        case .pilotitis: self = .pilotitis
        case .noEvidence: self = .noEvidence
        case .negativeEvidence: self = .negativeEvidence
        case .positiveEvidence: self = .positiveEvidence
        case .overlaps: self = .overlaps
        case .sharedFamilies: self = .sharedFamilies
        case .startWithoutStop: self = .startWithoutStop
        }
    }
}
