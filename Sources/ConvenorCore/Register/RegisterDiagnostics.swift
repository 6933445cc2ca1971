import Foundation

/// The register's flags as diagnostics for `convenor check`, each pointing at the place in the source
/// that it is about: the initiative's `<review>` line (XML) or its row and column in initiatives.csv,
/// the funding line for a funding cliff, and so on.
public enum RegisterDiagnostics {
    /// Errors and warnings (notes are recommendations, not problems), sorted by place in the file.
    public static func diagnostics(for register: Register, in loaded: LoadedPortfolio, includeNotes: Bool = false) -> [Diagnostic] {
        let map = loaded.sourceMap
        var out: [Diagnostic] = []
        for e in register.entries {
            for flag in e.flags where includeNotes || flag.severity != .note {
                let location: SourceLocation?
                if let line = flag.fundingLine, let l = map.location(of: .funding, "\(e.initiative.id)#\(line)", field: flag.field) {
                    location = l
                } else {
                    location = map.location(of: .initiative, e.initiative.id, field: flag.field)
                }
                out.append(Diagnostic(flag.severity.diagnosticSeverity, DiagnosticCode(flag.rule), "\(e.initiative.name): \(flag.reason)",
                                      at: location, field: map.sourceName(of: flag.field)))
            }
        }
        return loaded.withColumns(out).sortedByLocation()
    }

    /// A GitHub Actions workflow command: `::error file=…,line=…,col=…,title=rule::message`.
    public static func githubAnnotation(_ d: Diagnostic) -> String {
        let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
        var properties: [String] = []
        if let l = d.location {
            properties.append("file=\(escapeProperty(l.file))")
            properties.append("line=\(l.line)")
            if l.column > 0 { properties.append("col=\(l.column)") }
        }
        properties.append("title=\(escapeProperty(d.code))")
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(d.message))"
    }

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
