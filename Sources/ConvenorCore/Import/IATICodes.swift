/// The IATI codelists the importer needs, and their 1.x spellings. Codes it does not know are kept
/// as codes (and named by the publisher's own narrative when there is one).
enum IATICodes {
    /// ActivityStatus (2.x codes 1–6) and the words 1.x and older publishers wrote.
    static func status(_ raw: String) -> InitiativeStatus? {
        switch ImportText.trim(raw).lowercased() {
        case "1", "pipeline/identification", "pipeline", "identification", "planned", "proposed": return .proposed
        case "2", "implementation", "ongoing", "operational", "active", "live": return .live
        // Finalisation: the work is done and only the books remain open; nothing more reaches places.
        case "3", "finalisation", "completion", "completed", "complete": return .ended
        case "4", "closed", "post-completion", "ended": return .ended
        case "5", "cancelled", "canceled": return .stopped
        case "6", "suspended", "paused": return .paused
        default: return nil
        }
    }

    enum DateType { case plannedStart, actualStart, plannedEnd, actualEnd }

    /// ActivityDateType: 2.x codes 1–4, 1.x words, and the bare start/end of pre-1.0 files.
    static func dateType(_ raw: String) -> DateType? {
        switch ImportText.trim(raw).lowercased() {
        case "1", "start-planned": return .plannedStart
        case "2", "start-actual", "start": return .actualStart
        case "3", "end-planned": return .plannedEnd
        case "4", "end-actual", "end": return .actualEnd
        default: return nil
        }
    }

    enum Role: String {
        case funding = "Funding", accountable = "Accountable", extending = "Extending", implementing = "Implementing"
        case beneficiary = "Beneficiary"
    }

    /// OrganisationRole: 2.x codes 1–4, 1.x words, and pre-1.0 `donor`.
    static func role(_ raw: String) -> Role? {
        switch ImportText.trim(raw).lowercased() {
        case "1", "funding", "donor": return .funding
        case "2", "accountable": return .accountable
        case "3", "extending": return .extending
        case "4", "implementing": return .implementing
        case "beneficiary": return .beneficiary
        default: return nil
        }
    }

    /// OrganisationType → the portfolio's sectors. IATI's types describe legal form, Convenor's sectors
    /// describe the part of the public-service system, so the match is loose: see docs/imports.md.
    static func sector(forOrganisationType raw: String) -> Sector? {
        switch ImportText.trim(raw).lowercased() {
        case "11", "local government": return .localGovernment
        case "21", "22", "23", "24", "60", "international ngo", "national ngo", "regional ngo", "ngo", "foundation":
            return .voluntary
        case "80", "academic, training and research": return .education
        case "10", "15", "30", "40", "70", "71", "72", "73", "90", "government", "other public sector",
             "public private partnership", "multilateral", "bilateral", "private sector", "other":
            return .other
        default: return nil
        }
    }

    /// TransactionType codes and words that mean "money committed to this activity's work".
    static func isCommitment(_ raw: String) -> Bool {
        ["2", "c", "commitment"].contains(ImportText.trim(raw).lowercased())
    }

    /// Prefix for a sector vocabulary, so that codes from different vocabularies never meet.
    static func sectorVocabularyPrefix(_ raw: String?) -> String {
        let v = ImportText.trim(raw ?? "")
        switch v.uppercased() {
        case "", "1", "DAC": return "dac"
        case "2", "DAC-3": return "dac3"
        case "WB": return "wb"
        case "RO", "98", "99": return "ro"
        default: return "v" + (ImportText.slug(v, maxLength: 20) ?? "x")
        }
    }

    /// A name for a DAC sector code the publisher did not name: its three-digit category.
    static func dacName(_ code: String, prefix: String) -> String? {
        guard prefix == "dac" || prefix == "dac3", code.count >= 3, code.allSatisfy(\.isNumber) else { return nil }
        guard let category = dacCategories[String(code.prefix(3))] else { return nil }
        return code.count == 3 ? category : "\(category) (DAC \(code))"
    }

    /// OECD DAC purpose-code categories (three digits).
    static let dacCategories: [String: String] = [
        "111": "Education, level unspecified", "112": "Basic education", "113": "Secondary education",
        "114": "Post-secondary education", "121": "Health, general", "122": "Basic health",
        "123": "Non-communicable diseases", "130": "Population policies and reproductive health",
        "140": "Water supply and sanitation", "151": "Government and civil society, general",
        "152": "Conflict, peace and security", "160": "Other social infrastructure and services",
        "210": "Transport and storage", "220": "Communications", "230": "Energy", "231": "Energy policy",
        "232": "Energy generation, renewable sources", "233": "Energy generation, non-renewable sources",
        "234": "Hybrid energy plants", "235": "Nuclear energy plants", "236": "Energy distribution",
        "240": "Banking and financial services", "250": "Business and other services", "311": "Agriculture",
        "312": "Forestry", "313": "Fishing", "321": "Industry", "322": "Mineral resources and mining",
        "323": "Construction", "331": "Trade policies and regulations", "332": "Tourism",
        "410": "General environment protection", "430": "Other multisector", "510": "General budget support",
        "520": "Development food assistance", "530": "Other commodity assistance", "600": "Action relating to debt",
        "720": "Emergency response", "730": "Reconstruction relief and rehabilitation",
        "740": "Disaster prevention and preparedness", "910": "Administrative costs of donors",
        "930": "Refugees in donor countries", "998": "Unallocated or unspecified",
    ]

    /// Child elements of `iati-activity` that the standard defines and the importer knowingly leaves
    /// out (listed in docs/imports.md); anything else gets an "unknown element" warning.
    static let knownUnmapped: Set<String> = [
        "other-identifier", "activity-scope", "contact-info", "policy-marker", "collaboration-type",
        "default-flow-type", "default-finance-type", "default-aid-type", "default-tied-status",
        "planned-disbursement", "capital-spend", "document-link", "related-activity", "legacy-data",
        "conditions", "result", "crs-add", "fss", "humanitarian-scope", "country-budget-items", "tag",
        // 1.x
        "activity-website", "finance-type", "flow-type", "aid-type", "tied-status",
    ]
}
