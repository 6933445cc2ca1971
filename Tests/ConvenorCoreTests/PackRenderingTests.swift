import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// External tools the rendering tests drive: LibreOffice for DOCX/PPTX, Chromium for HTML, poppler for PDFs.
enum ExternalTool {
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let path = tool.contains("/") ? tool : try #require(Shell.which(tool), "\(tool) is not on PATH")
        let r = try Shell.run(executable: URL(fileURLWithPath: path), arguments, in: directory)
        return (r.status, r.output)
    }

    static func pages(_ pdf: URL) throws -> Int {
        let info = try run("pdfinfo", [pdf.path], in: pdf.deletingLastPathComponent()).output
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? -1
    }

    static func text(_ pdf: URL) throws -> String {
        try run("pdftotext", ["-layout", pdf.path, "-"], in: pdf.deletingLastPathComponent()).output
    }

    /// Converts with LibreOffice, using a private profile so parallel runs do not collide.
    static func officeToPDF(_ file: URL) throws -> URL {
        let dir = file.deletingLastPathComponent()
        let profile = dir.appendingPathComponent("lo-profile")
        let result = try run("soffice", ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", "pdf",
                                         "--outdir", dir.path, file.path], in: dir)
        let pdf = file.deletingPathExtension().appendingPathExtension("pdf")
        guard result.status == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            throw FileError(path: file.path, reason: "LibreOffice could not convert it: \(result.output)")
        }
        return pdf
    }

    static func htmlToPDF(_ file: URL) throws -> URL {
        let pdf = file.deletingPathExtension().appendingPathExtension("pdf")
        let result = try run(try #require(Tools.chromium, "Chromium is not on PATH"), ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                                     "--print-to-pdf=\(pdf.path)", file.absoluteString], in: file.deletingLastPathComponent())
        guard FileManager.default.fileExists(atPath: pdf.path) else {
            throw FileError(path: file.path, reason: "Chromium could not print it: \(result.output)")
        }
        return pdf
    }
}

@Suite("Pack files open in the tools people have", .serialized)
struct PackRenderingTests {
    func writePack(_ id: String = "pilot-review") throws -> (URL, RenderedPack) {
        let pack = try PackFixture.northbridge(id)
        let dir = try TestSupport.temporaryDirectory().appendingPathComponent("pack")
        try OutputFolder.write(pack.files, to: dir.path)
        return (dir, pack)
    }

    @Test("slides.pptx converts with LibreOffice: one page per slide, the pilots' data slide readable",
          .needs(.libreOffice, .poppler))
    func slides() throws {
        let (dir, _) = try writePack()
        let deck = try PackSlides.deck(try PackFixture.northbridgeView())
        let pdf = try ExternalTool.officeToPDF(dir.appendingPathComponent("slides.pptx"))
        #expect(try ExternalTool.pages(pdf) == deck.slides.count)
        // Cover, day, outcomes, 7 sessions, a break, the register's figures and its timeline, the 19
        // pilots needing a decision at most four to a slide and fewer where their reasons are long (7
        // slides, measured as the slide shows them), thanks.
        #expect(deck.slides.count == 21)
        // Every table fits above the footer (with four rows a slide, long reasons ran off the slide).
        for slide in deck.slides where slide.title.hasPrefix("Pilots needing a decision") {
            for case .table(let table) in slide.blocks {
                #expect(PptxWriter.tableFitsUnderTitle(table), "\(slide.title) overflows")
            }
        }
        let text = try ExternalTool.text(pdf)
        #expect(text.contains("Pilots needing a decision (1 of 7)"))
        #expect(text.contains("to run out") && text.contains("cliff window (6 months)"), "the register's own timeline is drawn on its slide, slide-shaped")
        #expect(text.contains("Winter shelter pilot"))
        #expect(text.contains("Northbridge’s pilots at a glance"))
        #expect(text.contains("Session 4 · 10:50–11:40 · 50 min · Small groups"))
    }

    @Test("facilitator-guide.docx converts with LibreOffice: cover, overview and a page or more per session",
          .needs(.libreOffice, .poppler))
    func guide() throws {
        let (dir, _) = try writePack()
        let pdf = try ExternalTool.officeToPDF(dir.appendingPathComponent("facilitator-guide.docx"))
        let pages = try ExternalTool.pages(pdf)
        // Cover, "About this workshop", then every one of the 7 sessions starts a new page.
        #expect(pages >= 9 && pages <= 30, "unexpected page count \(pages)")
        let text = try ExternalTool.text(pdf)
        #expect(text.contains("3. Stopping is harder than starting"))
        #expect(text.contains("Pilots needing a decision"))
        #expect(text.contains("Winter shelter pilot"))
    }

    @Test("index.html and cards.html print to A4 PDF with Chromium: pilot cards two to a sheet with their backs, barrier cards four",
          .needs(.chromium, .poppler))
    func html() throws {
        let (dir, _) = try writePack()
        let cards = try ExternalTool.htmlToPDF(dir.appendingPathComponent("cards.html"))
        #expect(try ExternalTool.pages(cards) == 22, "21 pilot cards at two a sheet, each sheet followed by its back")
        let index = try ExternalTool.htmlToPDF(dir.appendingPathComponent("index.html"))
        let pages = try ExternalTool.pages(index)
        // Cover, about, agenda, 7 sessions, 3 handouts, 2 appendices: at least 15; tables may spill over.
        #expect(pages >= 15 && pages <= 40, "unexpected page count \(pages)")
        let info = try ExternalTool.run("pdfinfo", [index.path], in: dir).output
        #expect(info.contains("(A4)"), "not A4: \(info)")
        #expect(try ExternalTool.text(index).contains("Page 2 of \(pages)"))

        let (wsu, _) = try writePack("whats-stopping-us")
        #expect(try ExternalTool.pages(try ExternalTool.htmlToPDF(wsu.appendingPathComponent("cards.html"))) == 2, "8 barrier cards at four a sheet")
        let handout = try ExternalTool.htmlToPDF(dir.appendingPathComponent("handouts/04-card-sort.html"))
        #expect(try ExternalTool.pages(handout) == 1, "a handout is one side of A4")
    }
}
