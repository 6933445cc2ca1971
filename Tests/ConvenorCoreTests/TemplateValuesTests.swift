import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// Views reach Mustache as plain values (`TemplateValues`); a template must see exactly what it saw
/// when Mustache read the structs themselves.
@Suite("Template values")
struct TemplateValuesTests {
    enum Tone: String, Encodable { case calm = "Calm tone" }
    struct Row: Encodable { var name: String; var note: String?; var count: Int; var shown: Bool }
    struct View: Encodable { var note: String; var rows: [Row]; var tone: Tone; var amount: Decimal; var empty: [Row] }

    @Test("fields, lists, booleans and numbers; a nil optional falls through to the enclosing section; enums and Decimals as before")
    func plainValues() throws {
        let view = View(note: "outer", rows: [Row(name: "A", note: nil, count: 2, shown: true), Row(name: "B", note: "inner", count: 0, shown: false)],
                        tone: .calm, amount: Decimal(string: "12.50")!, empty: [])
        let plain = TemplateValues.plain(view)
        let fields = try #require(plain as? [String: Any])
        #expect(Set(fields.keys) == ["note", "rows", "tone", "amount", "empty"])
        let rows = try #require(fields["rows"] as? [[String: Any]])
        #expect(rows[0]["note"] == nil, "a nil optional is left out, so Mustache looks further out")
        #expect(rows[1]["note"] as? String == "inner")
        #expect(fields["tone"] is Tone, "an enum is kept, shown as Mustache showed it before (its case)")
        #expect(fields["amount"] is Decimal)

        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("report"), withIntermediateDirectories: true)
        let template = "{{#rows}}{{name}}:{{note}}:{{count}}:{{#shown}}yes{{/shown}}{{^shown}}no{{/shown}};{{/rows}}{{^empty}}none{{/empty}} {{tone}} {{amount}}"
        try template.write(to: dir.appendingPathComponent("report/t.md.mustache"), atomically: true, encoding: .utf8)
        let text = try TemplateSource(directory: dir.path).render("report/t.md.mustache", view)
        #expect(text == "A:outer:2:yes;B:inner:0:no;none calm 12.5")
    }
}
