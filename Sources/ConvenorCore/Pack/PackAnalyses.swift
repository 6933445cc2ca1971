import Foundation

extension RulesFile {
    /// The register settings for a portfolio: `--rules` when given, else `convenor.rules.xml` beside it,
    /// else the defaults.
    public static func settings(forPortfolio input: String, rules explicit: String? = nil) throws -> RegisterSettings {
        if let explicit { return try load(path: explicit) }
        let beside = defaultPath(forPortfolio: input)
        return FileManager.default.fileExists(atPath: beside) ? try load(path: beside) : RegisterSettings()
    }
}
