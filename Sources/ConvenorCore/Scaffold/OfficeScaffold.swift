import Foundation
import Mustache

/// The files `convenor init` writes: a programme office repository whose `Package.swift` brings in
/// Convenor's command plugins, with a starter CSV portfolio, a CI workflow and a README.
///
/// The files are the templates under `templates/init/` (compiled in), each rendered with Mustache to
/// the same path without `.mustache`. Values are escaped here for the file they go into (CSV cell,
/// Swift string literal), so the templates insert them verbatim with `{{{…}}}`.
public struct OfficeScaffold: Sendable, Equatable {
    /// Where the office's package gets Convenor from.
    public enum ConvenorSource: Sendable, Equatable {
        /// A local checkout, as written in `.package(path:)` (relative to the new repository, or absolute).
        case path(String)
        /// A git URL, with the lowest version to accept (`.package(url:from:)`).
        case url(String, version: String)
    }

    /// The invented place the starter portfolio describes when no `--place` is given.
    public static let defaultPlace = "Calderbrook"
    public static let templateFolder = "templates/init"

    public var place: String
    public var convenor: ConvenorSource

    public init(place: String = OfficeScaffold.defaultPlace, convenor: ConvenorSource) {
        self.place = place
        self.convenor = convenor
    }

    /// Why a place name cannot be used, or nil when it can. Names go into CSV, Swift and Markdown files.
    public static func problem(withPlaceName name: String) -> String? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "the place name is empty; give one, e.g. --place \"\(defaultPlace)\"" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the place name contains a line break or another control character; give it on one line"
        }
        if name.count > 100 { return "the place name is longer than 100 characters; give a shorter name" }
        return nil
    }

    /// The package name: the place in lower case with dashes, then `-portfolio` (e.g. `calderbrook-portfolio`).
    public var packageName: String {
        var slug = ""
        for scalar in place.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "portfolio" : "\(slug)-portfolio"
    }

    /// Renders every file, sorted by path; with `workbook`, the starter portfolio is one workbook,
    /// `portfolio.xlsx` (a sheet per table), instead of the `portfolio/` folder of CSV files.
    public func render(workbook: Bool) throws -> [RenderedFile] {
        let files = try render()
        guard workbook else { return files }
        let tables = files.filter { $0.path.hasPrefix("portfolio/") }
        let book = try PortfolioWorkbookWriter.render(fromCSVFiles: tables.map { RenderedFile(path: String($0.path.dropFirst("portfolio/".count)), contents: $0.contents) })
        return (files.filter { !$0.path.hasPrefix("portfolio/") } + [RenderedFile(path: "portfolio.xlsx", contents: book)]).sorted { $0.path < $1.path }
    }

    /// Renders every file, sorted by path.
    public func render() throws -> [RenderedFile] {
        let prefix = Self.templateFolder + "/"
        let context = values
        var files: [RenderedFile] = []
        for templatePath in BuiltInResources.paths(under: Self.templateFolder) where templatePath.hasSuffix(".mustache") {
            guard let text = BuiltInResources.text(templatePath) else { continue }
            let template: MustacheTemplate
            do {
                template = try MustacheTemplate(string: text)
            } catch {
                throw FileError(path: templatePath, reason: "the built-in template does not parse: \(error)")
            }
            let path = String(templatePath.dropFirst(prefix.count).dropLast(".mustache".count))
            files.append(RenderedFile(path: path, text: template.render(context)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The template values, each already escaped for where it goes.
    var values: [String: Any] {
        var values: [String: Any] = [
            "place": place,
            "placeSwift": Self.swiftLiteral(place),
            "placeCSV": Self.csvCell(place),
            "councilCSV": Self.csvCell("\(place) Council"),
            "healthCSV": Self.csvCell("\(place) Health and Care Partnership"),
            "jobcentreCSV": Self.csvCell("Jobcentre Plus \(place)"),
            "adviceCSV": Self.csvCell("Citizens Advice \(place)"),
            "packageName": Self.swiftLiteral(packageName),
            "byPath": false,
            "byURL": false,
        ]
        switch convenor {
        case .path(let path):
            values["byPath"] = true
            values["convenorPath"] = Self.swiftLiteral(path)
        case .url(let url, let version):
            values["byURL"] = true
            values["convenorURL"] = Self.swiftLiteral(url)
            values["convenorVersion"] = Self.swiftLiteral(version)
        }
        return values
    }

    /// The inside of a Swift string literal.
    static func swiftLiteral(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// One CSV cell, quoted when it needs to be (the same rule as `CSVDocument`).
    static func csvCell(_ text: String) -> String {
        var bytes: [UInt8] = []
        CSVDocument.append([text], to: &bytes)
        return String(decoding: bytes.dropLast(), as: UTF8.self)
    }

    /// `target` written relative to `base` (both absolute, standardised), e.g. `../..`.
    public static func relativePath(of target: String, from base: String) -> String {
        let t = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        let b = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
        var common = 0
        while common < t.count, common < b.count, t[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: b.count - common) + t[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
