import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

/// network.svg and matrix.svg as printed: every name in full, every department its own colour and
/// shape with a key, the matrix's column heads turned and large enough to read.
@Suite struct OverlapPictureTests {
    static func northbridge() throws -> OverlapResult {
        OverlapAnalysis.run(try PortfolioLoader.load(TestSupport.northbridgeXML).portfolio)
    }

    @Test func thePaletteHasFourteenDistinctColoursAndSimilarHuesGetDifferentShapes() {
        let colours = DepartmentPalette.colours
        #expect(Set(colours).count == colours.count && colours.count >= 13)
        #expect(!colours.contains(DepartmentPalette.other))
        // 14 departments: 14 colours, each with one shape; no two the same colour and shape.
        let nodes = (0..<14).map { OverlapNode.stub(id: "i\($0)", department: "Department \(Character(UnicodeScalar(65 + $0)!))") }
        let palette = DepartmentPalette(nodes)
        let markers = nodes.map { "\(palette.colour($0.department)) \(palette.shape($0.department))" }
        #expect(Set(markers).count == 14)
        #expect(Set(nodes.map { palette.colour($0.department) }).count == 14)
        // A 15th department falls back to "Other" (grey circle) rather than reusing a colour.
        #expect(palette.colour("Department Z") == DepartmentPalette.other && palette.shape("Department Z") == .circle)
    }

    @Test func northbridgesThirteenDepartmentsEachHaveTheirOwnColourInBothPicturesAndTheKey() throws {
        let r = try Self.northbridge()
        let departments = Set(r.initiatives.compactMap(\.department))
        #expect(departments.count == 13)
        let pictures = OverlapPictures.render(r)
        for svg in [pictures.network.element, pictures.matrix.element] {
            let fills = Set(svg.matches(of: /fill="(#[0-9a-f]{6})" stroke="#505a5f"/).map { String($0.1) })
            #expect(fills.isSuperset(of: Set(DepartmentPalette.colours.prefix(13))), "\(fills.sorted())")
            #expect(!fills.contains(DepartmentPalette.other), "a department fell into Other")
            for d in departments { #expect(svg.contains(">\(escape(d))</text>"), "no key entry for \(d)") }
        }
    }

    @Test func namesAreNeverCutShort() throws {
        let r = try Self.northbridge()
        let pictures = OverlapPictures.render(r)
        #expect(!pictures.network.element.contains("…") && !pictures.matrix.element.contains("…"))
        // The longest names appear whole (the network wraps them over lines; the matrix fits them).
        for name in ["Detached youth work in Central, Wharfside and Lowfield", "Violence reduction navigators in A&E and custody"] {
            #expect(pictures.matrix.element.contains(">\(escape(name))</text>"), "\(name) not whole in matrix.svg")
            let words = pictures.network.element.replacingOccurrences(of: #"</?tspan[^>]*>"#, with: " ", options: .regularExpression)
                .replacingOccurrences(of: "  ", with: " ")
            #expect(words.contains(escape(name)), "\(name) not whole in network.svg")
        }
        #expect(OverlapPictures.wrap("Violence reduction navigators in A&E and custody", 20) == ["Violence reduction", "navigators in A&E", "and custody"])
        #expect(OverlapPictures.wrap("Supercalifragilisticexpialidocious pilot", 10) == ["Supercalifragilisticexpialidocious", "pilot"])
    }

    @Test func matrixColumnHeadsAreTurnedNamesInReadableType() throws {
        let matrix = OverlapPictures.render(try Self.northbridge()).matrix.element
        let heads = matrix.matches(of: /<text transform="translate\([\d.]+ [\d.]+\) rotate\(-90\)" font-size="([\d.]+)"/)
        #expect(heads.count == 29)
        #expect(heads.allSatisfy { Double($0.1)! >= 11 })
        // Every font in the picture is at least 11 px: the picture prints at its own size on A4 landscape.
        let width = try #require(matrix.firstMatch(of: /<svg [^>]*width="([\d.]+)"/).map { Double($0.1)! })
        #expect(width <= 1009, "matrix.svg is \(width) px wide: wider than an A4 landscape page, so it would print smaller")
        let sizes = matrix.matches(of: /font-size="([\d.]+)"/).map { Double($0.1)! }
        #expect(sizes.min()! >= 11, "smallest type \(sizes.min()!) px")
    }
}

extension OverlapNode {
    static func stub(id: String, department: String?) -> OverlapNode {
        OverlapNode(id: id, name: id, kind: .pilot, status: .live, department: department, owner: nil, caseload: nil, evidence: nil,
                    hasFrontDoor: false, teams: [], cluster: nil)
    }
}
