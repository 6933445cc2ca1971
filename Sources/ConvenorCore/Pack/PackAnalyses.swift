import Foundation

/// Fills the pack's data-driven seams from the overlap map and the register, so data sessions show
/// the same findings and recommendations as `convenor overlap` and `convenor register`.
extension PackDataBuilder {
    public func build(overlap: OverlapResult, register: Register) -> PackData {
        var data = build()
        data.overlapFindings = OverlapAnalysis.findings(overlap, portfolio: portfolio)
        data.networkSVG = OverlapPictures.network(overlap)
        var recommendations: [String: RegisterRecommendation] = [:]
        for entry in register.entries {
            recommendations[entry.initiative.id] = RegisterRecommendation(
                recommendation: entry.recommendation.rawValue, flags: entry.ruleIDs, reasons: entry.flags.map(\.reason))
        }
        data.recommendations = recommendations
        return data
    }
}

extension RulesFile {
    /// The register settings for a portfolio: `--rules` when given, else `convenor.rules.xml` beside it,
    /// else the defaults.
    public static func settings(forPortfolio input: String, rules explicit: String? = nil) throws -> RegisterSettings {
        if let explicit { return try load(path: explicit) }
        let beside = defaultPath(forPortfolio: input)
        return FileManager.default.fileExists(atPath: beside) ? try load(path: beside) : RegisterSettings()
    }
}
