import Testing
@testable import ConvenorCore

@Suite("SVG inside HTML")
struct InlineSVGTests {
    @Test func dropsOnlyTheXMLDeclaration() {
        #expect(InlineSVG.body(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg>\n</svg>") == "<svg>\n</svg>")
        #expect(InlineSVG.body(of: "<?xml version=\"1.0\"?><svg/>") == "<svg/>")
        // Without a declaration the first line is part of the picture and must stay.
        #expect(InlineSVG.body(of: "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>") == "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>")
        #expect(InlineSVG.body(of: "<svg/>") == "<svg/>")
    }

    @Test func theRegisterPageHoldsTheWholeTimeline() throws {
        let (register, loaded) = try RegisterOutputTests.northbridge()
        let files = try RegisterRenderer.render(register, portfolio: loaded.portfolio)
        let text = { (name: String) in files.first { $0.path == name }.map { String(decoding: $0.contents, as: UTF8.self) } ?? "" }
        let timeline = text("timeline.svg")
        #expect(timeline.hasPrefix("<?xml"))
        #expect(text("register.html").contains(InlineSVG.body(of: timeline)))
        #expect(!text("register.html").contains("<?xml"))
    }
}
