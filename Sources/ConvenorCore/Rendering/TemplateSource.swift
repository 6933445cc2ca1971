import Foundation
import Mustache

/// Where every HTML and Markdown document's templates come from: a user's folder first
/// (`--templates DIR`), then the built-in copies of `templates/`. Packs, the overlap report, the
/// register and the scenario all read theirs through this one lookup.
public struct TemplateSource: Sendable {
    /// The user's folder, or nil for built-ins only.
    public var directory: String?

    public init(directory: String? = nil) { self.directory = directory }

    /// The shared page layout every HTML template can extend with `{{<layout}}…{{/layout}}`.
    public static let layout = "shared/layout.html.mustache"
    /// The one stylesheet of every HTML document.
    public static let stylesheet = "shared/convenor.css"
    /// The one script of every HTML document: sortable and filterable tables.
    public static let tableScript = "shared/sortable-table.js"

    /// The text of `templates/<relative>` and how to name it in messages. A user's folder may hold the
    /// file at the same relative path (`DIR/pack/index.html.mustache`) or flat (`DIR/index.html.mustache`).
    public func text(_ relative: String) throws -> (text: String, name: String) {
        if let (text, name) = try userText(relative) { return (text, name) }
        guard let text = BuiltInResources.text("templates/\(relative)") else {
            throw FileError(path: "templates/\(relative)", reason: "built-in template missing (a build defect; please report it)")
        }
        return (text, "templates/\(relative)")
    }

    /// The user's copy of `templates/<relative>`, if their folder has one.
    func userText(_ relative: String) throws -> (text: String, name: String)? {
        guard let directory else { return nil }
        let flat = (relative as NSString).lastPathComponent
        for candidate in [relative, flat] {
            let path = (directory as NSString).appendingPathComponent(candidate)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw FileError(path: path, reason: "cannot read the template")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw InputError([.error(.badEncoding, "the template is not UTF-8 text; save it as UTF-8", at: SourceLocation(file: path, line: 1))])
            }
            return (text, path)
        }
        return nil
    }

    /// The stylesheet and script every page inlines (so each HTML file stands alone, with no network).
    public func assets() throws -> PageAssets {
        PageAssets(css: try text(Self.stylesheet).text, script: try text(Self.tableScript).text)
    }

    /// Parses one template, turning parse errors into line-numbered diagnostics naming the file.
    func template(_ relative: String) throws -> MustacheTemplate {
        let (text, name) = try self.text(relative)
        do {
            return try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw InputError([.error(.templateError, "the template could not be read (\(error.error)); check the {{…}} tags near here",
                                     at: SourceLocation(file: name, line: error.context.lineNumber, column: error.context.columnNumber))])
        } catch {
            throw InputError([.error(.templateError, "the template could not be read (\(error))", at: SourceLocation(file: name, line: 1))])
        }
    }

    /// Renders `templates/<relative>` from a typed view: a struct of formatted values whose field names
    /// are the names its templates use. HTML templates may extend the shared layout as the partial `layout`.
    func render(_ relative: String, _ view: some Encodable) throws -> String {
        let main = try template(relative)
        var library = MustacheLibrary()
        if relative.hasSuffix(".html.mustache") {
            library.register(try template(Self.layout), named: "layout")
        }
        return main.render(view, library: library)
    }
}

/// The stylesheet and table script inlined into every HTML page (templates/shared/).
public struct PageAssets: Sendable, Encodable {
    public var css: String
    public var script: String

    public init(css: String, script: String) {
        self.css = css
        self.script = script
    }
}

/// Renders with the built-in templates, which ship inside the binary and are covered by tests: a
/// failure there is a build defect, like a built-in schema that does not compile.
func renderBuiltIn<T>(_ what: String, _ body: () throws -> T) -> T {
    do { return try body() } catch { fatalError("built-in \(what) template does not render: \(error)") }
}
