import Foundation

/// A portfolio as read from disk, with where everything came from and what was wrong with it.
public struct LoadedPortfolio: Sendable {
    public var portfolio: Portfolio
    public var sourceMap: SourceMap
    /// Warnings (and, from `PortfolioLoader.read`, errors) found while reading.
    public var diagnostics: [Diagnostic]
    /// The input path as the user gave it.
    public var path: String

    /// The as-of date every date rule counts from, or the one error every command gives without it
    /// (exit 65, `missing-as-of`, the same words from register, check, pack, demo and the plugins).
    public func asOf(_ given: CalendarDate? = nil) throws -> CalendarDate {
        if let date = given ?? portfolio.place.asOf { return date }
        // The reading's other warnings come along, and validate's missing-as-of warning becomes this error.
        let error = Diagnostic.error(.missingAsOf, Self.missingAsOfMessage(portfolio.place.name), at: sourceMap.location(of: .place, "", field: "as-of"))
        throw InputError((diagnostics.filter { !$0.is(.missingAsOf) } + withColumns([error])).sortedByLocation())
    }

    static func missingAsOfMessage(_ place: String) -> String {
        "\(place) has no as-of date, the day every date rule counts from; add as-of=\"YYYY-MM-DD\" to <portfolio>, or an as-of column to place.csv (or the place sheet)"
    }

    /// Resolves columns that only the source text can tell (XML attributes), for findings made later.
    public func withColumns(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        sourceMap.form == .xml ? XMLColumnResolver.resolve(diagnostics, path: path, displayName: path) : diagnostics
    }
}

/// The result of reading a portfolio: the model when it could be built, and every diagnostic.
public struct PortfolioReadResult: Sendable {
    public var loaded: LoadedPortfolio?
    public var diagnostics: [Diagnostic]
    public var form: SourceMap.Form
}

/// Reads a portfolio from a `.xml` file or a folder of CSV files, whichever the path is.
public enum PortfolioLoader {
    /// Reads and checks everything, returning all diagnostics (sorted by place) even when there are errors.
    public static func read(_ path: String) throws -> PortfolioReadResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(path: path, reason: "no such file or folder; give a portfolio .xml file, a folder of CSV files or an .xlsx workbook")
        }
        let kind = isDirectory.boolValue ? PortfolioSniffer.folder(path) : PortfolioSniffer.file(path)
        let loaded: LoadedPortfolio?
        let diagnostics: [Diagnostic]
        let form: SourceMap.Form
        switch kind {
        case .notAPortfolio(let problem):
            return PortfolioReadResult(loaded: nil, diagnostics: [problem], form: isDirectory.boolValue ? .csv : .xml)
        case .csvFolder:
            let out = try CSVPortfolioReader(folder: path, displayFolder: path).read()
            (loaded, diagnostics, form) = checked(out.portfolio, out.sourceMap, out.diagnostics, path: path)
        case .workbook:
            let out = try WorkbookPortfolioReader(path: path, displayName: path).read()
            (loaded, diagnostics, form) = checked(out.portfolio, out.sourceMap, out.diagnostics, path: path) {
                WorkbookPortfolioReader.reword($0, book: path)
            }
        case .xml:
            // What follows the reading runs on the thread that built the model, while the other may still
            // be validating (XMLPortfolioReader.read).
            (loaded, diagnostics, form) = try XMLPortfolioReader.read(path: path, displayName: path) { out in
                var portfolio = out.portfolio
                var diagnostics = out.diagnostics
                if var p = portfolio, let reference = out.contactsReference {
                    let (contacts, contactDiagnostics) = try readContacts(reference, besides: path, initiatives: p.initiatives, dateOrder: out.dateOrder,
                                                                          at: out.sourceMap.location(of: .place, "") ?? SourceLocation(file: path, line: 1))
                    p.contacts = contacts
                    diagnostics += contactDiagnostics
                    portfolio = p
                }
                diagnostics = XMLColumnResolver.resolve(diagnostics, path: path, displayName: path)
                return checked(portfolio, out.sourceMap, diagnostics, path: path)
            }
        }
        return PortfolioReadResult(loaded: loaded, diagnostics: diagnostics.sortedByLocation(), form: form)
    }

    /// The model (when it could be built) with the validator's findings added to the reading's diagnostics.
    private static func checked(_ portfolio: Portfolio?, _ map: SourceMap, _ diagnostics: [Diagnostic], path: String,
                                reworded: ([Diagnostic]) -> [Diagnostic] = { $0 }) -> (LoadedPortfolio?, [Diagnostic], SourceMap.Form) {
        let loaded = portfolio.map { LoadedPortfolio(portfolio: $0, sourceMap: map, diagnostics: [], path: path) }
        guard let loaded else { return (nil, diagnostics, map.form) }
        return (loaded, diagnostics + reworded(loaded.withColumns(PortfolioValidator(portfolio: loaded.portfolio, sourceMap: map).check())), map.form)
    }

    /// Reads a portfolio for a command that needs a usable one: throws `InputError` if there are errors;
    /// warnings are returned in `diagnostics`.
    public static func load(_ path: String) throws -> LoadedPortfolio {
        let result = try read(path)
        guard var loaded = result.loaded, !result.diagnostics.hasErrors else { throw InputError(result.diagnostics) }
        loaded.diagnostics = result.diagnostics
        return loaded
    }

    private static func readContacts(_ reference: String, besides xmlPath: String, initiatives: [Initiative], dateOrder: DateOrder,
                                     at location: SourceLocation) throws -> (ContactLog, [Diagnostic]) {
        var where_ = location
        where_.column = 0
        if reference.hasPrefix("/") || reference.split(separator: "/").contains("..") {
            return (ContactLog(), [.error(.badValue, "contacts '\(reference)' must be a path inside the portfolio's folder (no '..', not absolute)",
                                          at: where_, field: "contacts")])
        }
        let folder = (xmlPath as NSString).deletingLastPathComponent
        let full = folder.isEmpty ? reference : (folder as NSString).appendingPathComponent(reference)
        guard FileManager.default.fileExists(atPath: full) else {
            return (ContactLog(), [.error(.missingFile, "contacts file '\(full)' named by the portfolio does not exist",
                                          at: where_, field: "contacts")])
        }
        if let problem = TextEncodingCheck.problem(inFileAt: full) {
            return (ContactLog(), [TextEncodingCheck.diagnostic(problem, displayName: full)])
        }
        var index: [String: Int] = [:]
        for (n, i) in initiatives.enumerated() { index[i.id] = n }
        let result = try ContactsReader(path: full, displayName: full, dateOrder: dateOrder).read(knownInitiatives: index)
        return (result.contacts, result.diagnostics)
    }
}

