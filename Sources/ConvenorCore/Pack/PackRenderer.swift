import Foundation
import Mustache

/// Where the pack's templates come from: a user's folder first (`--templates DIR`), then the built-in
/// copies of `templates/`.
public struct TemplateSource: Sendable {
    /// The user's folder, or nil for built-ins only.
    public var directory: String?

    public init(directory: String? = nil) { self.directory = directory }

    /// The text of `templates/<relative>` and how to name it in messages. A user's folder may hold the
    /// file at the same relative path (`DIR/pack/index.html.mustache`) or flat (`DIR/index.html.mustache`).
    public func text(_ relative: String) throws -> (text: String, name: String) {
        if let directory {
            let flat = (relative as NSString).lastPathComponent
            for candidate in [relative, flat] {
                let path = (directory as NSString).appendingPathComponent(candidate)
                if FileManager.default.fileExists(atPath: path) {
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw FileError(path: path, reason: "cannot read the template")
                    }
                    guard let text = String(data: data, encoding: .utf8) else {
                        throw InputError([.error(.badEncoding, "the template is not UTF-8 text; save it as UTF-8", at: SourceLocation(file: path, line: 1))])
                    }
                    return (text, path)
                }
            }
        }
        guard let text = BuiltInResources.text("templates/\(relative)") else {
            throw FileError(path: "templates/\(relative)", reason: "built-in template missing (a build defect; please report it)")
        }
        return (text, "templates/\(relative)")
    }

    /// Parses and renders one Mustache template, turning parse errors into line-numbered diagnostics.
    public func render(_ relative: String, _ context: [String: Any]) throws -> String {
        let (text, name) = try self.text(relative)
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw InputError([.error(.templateError, "the template could not be read (\(error.error)); check the {{…}} tags near here",
                                     at: SourceLocation(file: name, line: error.context.lineNumber, column: error.context.columnNumber))])
        } catch {
            throw InputError([.error(.templateError, "the template could not be read (\(error))", at: SourceLocation(file: name, line: 1))])
        }
        return template.render(context)
    }
}

/// Options the user chooses for a pack.
public struct PackOptions: Sendable {
    public var start: ClockTime
    /// The date printed on the pack; when nil, the next weekday after `today`.
    public var date: CalendarDate?
    /// Today, from the caller's clock (the core reads none). When neither this nor `date` is given the
    /// pack is dated the next weekday after the portfolio's as-of date, so output stays deterministic.
    public var today: CalendarDate?
    public var facilitator: String?
    public var templates: TemplateSource

    public init(start: ClockTime = ClockTime(minutes: 9 * 60 + 30), date: CalendarDate? = nil, today: CalendarDate? = nil,
                facilitator: String? = nil, templates: TemplateSource = TemplateSource()) {
        self.start = start
        self.date = date
        self.today = today
        self.facilitator = facilitator
        self.templates = templates
    }

    /// The day the pack is for: `date`, or the next weekday (Monday to Friday) after today. A workshop
    /// is prepared ahead of the day it runs; the portfolio's as-of date is when the figures were true,
    /// which is usually weeks before.
    public func packDate(asOf: CalendarDate) -> CalendarDate {
        date ?? (today ?? asOf).nextWeekday
    }
}

/// A rendered pack: its files (pack.zip last) and the warnings found on the way (agenda overrun).
public struct RenderedPack: Sendable {
    public var files: [RenderedFile]
    public var warnings: [Diagnostic]
}

/// Turns a workshop and a place's figures into every file of a pack. Pure: no disk writes, no clock.
public enum PackRenderer {
    public static func render(workshop: Workshop, data: PackData, options: PackOptions) throws -> RenderedPack {
        let agenda = Agenda(workshop, start: options.start)
        let view = PackView(workshop: workshop, agenda: agenda, data: data, facilitator: options.facilitator,
                            date: options.packDate(asOf: data.asOf))
        let css = try options.templates.text("pack/pack.css").text
        let context = view.context(css: css)
        let t = options.templates

        var files: [RenderedFile] = [
            RenderedFile(path: "index.html", text: try t.render("pack/index.html.mustache", context)),
            RenderedFile(path: "agenda.md", text: try t.render("pack/agenda.md.mustache", context)),
            RenderedFile(path: "facilitator-guide.md", text: try t.render("pack/facilitator-guide.md.mustache", context)),
            RenderedFile(path: "facilitator-guide.docx", contents: try FacilitatorGuideDocument.docx(view)),
            RenderedFile(path: "slides.pptx", contents: try PackSlides.pptx(view)),
            RenderedFile(path: "cards.html", text: try t.render("pack/cards.html.mustache", context)),
        ]
        for (number, _, session) in view.sessionSlots() where session.handout != nil {
            var handoutContext = context
            handoutContext["session"] = view.sessionContext(number, agenda.slots.first { $0.sessionNumber == number } ?? agenda.slots[0], session)
            files.append(RenderedFile(path: PackView.handoutPath(number: number, session: session),
                                      text: try t.render("pack/handout.html.mustache", handoutContext)))
        }
        files.sort { $0.path < $1.path }
        files.append(RenderedFile(path: "pack.zip", contents: try ZipPackage.archive(files, dated: view.date)))
        // A workshop read from a file gets columns in its warnings, like every other file Convenor reads.
        let warnings = FileManager.default.fileExists(atPath: workshop.source)
            ? XMLColumnResolver.resolve(agenda.warnings, path: workshop.source, displayName: workshop.source) : agenda.warnings
        return RenderedPack(files: files, warnings: warnings)
    }
}
