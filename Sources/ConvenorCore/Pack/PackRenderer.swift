import Foundation
import Mustache

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
        var assets = try options.templates.assets()
        // A folder made for an earlier Convenor may still style packs with its own pack.css.
        if let legacy = try options.templates.userText("pack/pack.css") { assets.css = legacy.text }
        let pack = PackTemplateView(view, assets: assets)
        let t = options.templates

        // The Word guide is the Markdown guide read into the document model: one template, two forms.
        let guide = try t.render(FacilitatorGuideDocument.template, pack)
        var files: [RenderedFile] = [
            RenderedFile(path: "index.html", text: try t.render("pack/index.html.mustache", pack)),
            RenderedFile(path: "agenda.md", text: try t.render("pack/agenda.md.mustache", pack)),
            RenderedFile(path: "facilitator-guide.md", text: guide),
            RenderedFile(path: "facilitator-guide.docx", contents: try FacilitatorGuideDocument.docx(markdown: guide, data: data, templates: t)),
            RenderedFile(path: "slides.pptx", contents: try PackSlides.pptx(view, templates: t, pack: pack)),
            RenderedFile(path: "cards.html", text: try t.render("pack/cards.html.mustache", pack)),
        ]
        for session in pack.sessions {
            guard let handout = session.handout else { continue }
            files.append(RenderedFile(path: handout.file, text: try t.render("pack/handout.html.mustache", pack.handoutPage(session))))
        }
        files.sort { $0.path < $1.path }
        files.append(RenderedFile(path: "pack.zip", contents: try ZipPackage.archive(files, dated: view.date)))
        // A workshop read from a file gets columns in its warnings, like every other file Convenor reads.
        let warnings = FileManager.default.fileExists(atPath: workshop.source)
            ? XMLColumnResolver.resolve(agenda.warnings, path: workshop.source, displayName: workshop.source) : agenda.warnings
        return RenderedPack(files: files, warnings: warnings)
    }
}
