import Foundation

/// An Office Open XML package (DOCX, PPTX, XLSX) built from its parts.
///
/// Each part is added with its content type; relationships are declared between parts. The package
/// derives `[Content_Types].xml` and every `_rels/*.rels` part from those, so they can never disagree
/// with what is in the zip, and checks that every relationship points at a part that exists.
/// The zip is deterministic: `[Content_Types].xml` first, then the parts in path order, all with
/// the same fixed timestamp (`ZipPackage`).
public struct OOXMLPackage: Sendable {
    /// A relationship from one part (or the package) to another part.
    public struct Relationship: Sendable, Equatable {
        /// `rId1`, `rId2`, … in the order declared from the same source.
        public var id: String
        /// The relationship type URI.
        public var type: String
        /// The target part's path in the package (no leading slash).
        public var target: String
    }

    private var parts: [String: (contentType: String, contents: Data)] = [:]
    /// Relationships by source part path; "" is the package itself (`_rels/.rels`).
    private var relationships: [String: [Relationship]] = [:]

    public init() {}

    /// Adds (or replaces) a part. `path` has no leading slash: `word/document.xml`.
    public mutating func add(_ path: String, contentType: String, contents: Data) {
        parts[path] = (contentType, contents)
    }

    /// Adds an XML part written with `XMLWriter`.
    public mutating func add(_ path: String, contentType: String, xml: XMLWriter) {
        add(path, contentType: contentType, contents: xml.data())
    }

    /// Declares a relationship from `source` (a part path, or nil for the package) to the part at
    /// `target`, and returns its id for the source's XML to refer to (`r:id="rId3"`).
    @discardableResult
    public mutating func relate(_ source: String?, to target: String, type: String) -> String {
        let key = source ?? ""
        var list = relationships[key] ?? []
        if let existing = list.first(where: { $0.target == target && $0.type == type }) { return existing.id }
        let id = "rId\(list.count + 1)"
        list.append(Relationship(id: id, type: type, target: target))
        relationships[key] = list
        return id
    }

    /// The relationships declared from `source` (nil: the package).
    public func relationships(from source: String?) -> [Relationship] { relationships[source ?? ""] ?? [] }

    /// The zip: content types and relationship parts derived, every part in path order.
    public func archive() throws -> Data {
        var files: [String: Data] = parts.mapValues(\.contents)
        for (source, list) in relationships {
            if !source.isEmpty && parts[source] == nil {
                throw FileError(path: source, reason: "an Office part has relationships but is not in the package (a Convenor defect)")
            }
            for r in list where parts[r.target] == nil {
                throw FileError(path: r.target, reason: "\(source.isEmpty ? "the package" : source) refers to a part that is not in it (a Convenor defect)")
            }
            files[Self.relationshipsPath(of: source)] = Self.relationshipsXML(list, from: source).data()
        }
        let ordered = files.keys.sorted().map { RenderedFile(path: $0, contents: files[$0]!) }
        return try ZipPackage.archive([RenderedFile(path: "[Content_Types].xml", contents: contentTypes().data())] + ordered)
    }

    /// `word/document.xml` → `word/_rels/document.xml.rels`; the package → `_rels/.rels`.
    static func relationshipsPath(of source: String) -> String {
        guard !source.isEmpty else { return "_rels/.rels" }
        let folder = (source as NSString).deletingLastPathComponent
        let name = (source as NSString).lastPathComponent
        return folder.isEmpty ? "_rels/\(name).rels" : "\(folder)/_rels/\(name).rels"
    }

    /// `target` as a path relative to the folder holding `source` (`../slideLayouts/slideLayout1.xml`).
    static func relativeTarget(_ target: String, from source: String) -> String {
        let from = source.isEmpty ? [] : Array(source.split(separator: "/").dropLast())
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count && common < to.count - 1 && from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }

    static let relationshipsContentType = "application/vnd.openxmlformats-package.relationships+xml"

    static func relationshipsXML(_ list: [Relationship], from source: String) -> XMLWriter {
        var x = XMLWriter()
        x.open("Relationships", ["xmlns": "http://schemas.openxmlformats.org/package/2006/relationships"])
        for r in list {
            x.empty("Relationship", ["Id": r.id, "Type": r.type, "Target": relativeTarget(r.target, from: source)])
        }
        x.close()
        return x
    }

    /// Defaults for `rels`, `xml` and each media extension whose parts share one type; an override
    /// for every other part, in part-name order.
    func contentTypes() -> XMLWriter {
        var defaults: [String: String] = ["rels": Self.relationshipsContentType, "xml": "application/xml"]
        var byExtension: [String: Set<String>] = [:]
        for (path, part) in parts { byExtension[(path as NSString).pathExtension.lowercased(), default: []].insert(part.contentType) }
        for (ext, types) in byExtension where defaults[ext] == nil && types.count == 1 && !ext.isEmpty {
            defaults[ext] = types.first
        }
        var x = XMLWriter()
        x.open("Types", ["xmlns": "http://schemas.openxmlformats.org/package/2006/content-types"])
        for ext in defaults.keys.sorted() { x.empty("Default", ["Extension": ext, "ContentType": defaults[ext]]) }
        for path in parts.keys.sorted() {
            let type = parts[path]!.contentType
            if defaults[(path as NSString).pathExtension.lowercased()] != type {
                x.empty("Override", ["PartName": "/" + path, "ContentType": type])
            }
        }
        x.close()
        return x
    }
}

/// Relationship and content types used by Convenor's Office files, and the document-properties
/// parts every one of them carries.
enum OfficeXML {
    static let officeDocumentType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    static let corePropertiesType = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    static let extendedPropertiesType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"

    /// An officeDocument relationship type: `rel("styles")`.
    static func rel(_ name: String) -> String { "http://schemas.openxmlformats.org/officeDocument/2006/relationships/\(name)" }

    /// Adds `docProps/core.xml` (title, subject, creator, language: no dates, so the same input gives the same
    /// bytes) and `docProps/app.xml`, related from the package.
    static func addProperties(to package: inout OOXMLPackage, title: String?, subject: String? = nil, creator: String = "Convenor") {
        if let title {
            var core = XMLWriter()
            core.open("cp:coreProperties", ["xmlns:cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
                                            "xmlns:dc": "http://purl.org/dc/elements/1.1/", "xmlns:dcterms": "http://purl.org/dc/terms/",
                                            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance"])
            core.element("dc:title", text: title)
            if let subject { core.element("dc:subject", text: subject) }
            core.element("dc:creator", text: creator)
            core.element("dc:language", text: "en-GB")
            core.close()
            package.add("docProps/core.xml", contentType: "application/vnd.openxmlformats-package.core-properties+xml", xml: core)
            package.relate(nil, to: "docProps/core.xml", type: corePropertiesType)
        }
        var app = XMLWriter()
        app.open("Properties", ["xmlns": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"])
        app.element("Application", text: "Convenor")
        app.close()
        package.add("docProps/app.xml", contentType: "application/vnd.openxmlformats-officedocument.extended-properties+xml", xml: app)
        package.relate(nil, to: "docProps/app.xml", type: extendedPropertiesType)
    }
}

extension OfficeXML {
    static let svgExtension = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
    static let svgNamespace = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"

    /// `<a:blip>` for an SVG part: the SVG in the blip itself (LibreOffice reads only that) and again in
    /// Office 2016's `svgBlip` extension (which PowerPoint and Word read first).
    static func svgBlip(_ x: inout XMLWriter, id: String) {
        x.element("a:blip", ["r:embed": id]) { b in
            b.element("a:extLst") { l in
                l.element("a:ext", ["uri": svgExtension]) { $0.empty("asvg:svgBlip", ["xmlns:asvg": svgNamespace, "r:embed": id]) }
            }
        }
    }
}
