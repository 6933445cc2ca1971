import Foundation

/// Reads workshop definitions and barrier cards with libxml2's stream reader, validating against
/// their schemas as it goes. Every problem comes back as a `Diagnostic` with the file and line.
public enum WorkshopReader {
    /// `workshops/workshop.xsd`, compiled once.
    public static let schema: XMLSchema = builtInSchema("workshops/workshop.xsd")
    /// `workshops/barriers.xsd`, compiled once.
    public static let barrierSchema: XMLSchema = builtInSchema("workshops/barriers.xsd")

    private static func builtInSchema(_ path: String) -> XMLSchema {
        do {
            return try XMLSchema(contents: BuiltInResources.text(path) ?? "", name: path)
        } catch {
            // The schema ships inside the binary and is covered by tests; failing here is a build defect.
            fatalError("built-in schema \(path) does not compile: \(error)")
        }
    }

    /// Reads a workshop file from disk; `displayName` is how messages name it.
    public static func read(path: String, displayName: String? = nil) throws -> Workshop {
        let name = displayName ?? path
        let reader = try XMLStreamReader(path: path, displayName: name, schema: schema)
        return try read(reader) { XMLColumnResolver.resolve($0, path: path, displayName: name) }
    }

    /// Reads a workshop held in memory (the built-in ones).
    public static func read(text: String, displayName: String) throws -> Workshop {
        let reader = try XMLStreamReader(bytes: Array(text.utf8), displayName: displayName, schema: schema)
        return try read(reader) { $0 }
    }

    public static func readBarriers(path: String, displayName: String? = nil) throws -> [Barrier] {
        let name = displayName ?? path
        let reader = try XMLStreamReader(path: path, displayName: name, schema: barrierSchema)
        return try readBarriers(reader) { XMLColumnResolver.resolve($0, path: path, displayName: name) }
    }

    public static func readBarriers(text: String, displayName: String) throws -> [Barrier] {
        let reader = try XMLStreamReader(bytes: Array(text.utf8), displayName: displayName, schema: barrierSchema)
        return try readBarriers(reader) { $0 }
    }

    // MARK: - Workshops

    private struct SessionDraft {
        var attributes: [String: String]
        var line: Int
        var title = "", purpose = ""
        var notes: [String] = [], prompts: [String] = [], materials: [String] = []
        var handout: Handout?
        var activities: [WorkshopActivity] = []
    }

    private static func read(_ reader: XMLStreamReader, columns: ([Diagnostic]) -> [Diagnostic]) throws -> Workshop {
        var stack: [String] = []
        var root: [String: String] = [:]
        var rootLine = 1
        var title = "", subtitle: String?, purpose = "", audience = ""
        var outcomes: [String] = [], preparation: [String] = []
        var order: [RunningOrderItem] = []
        var session: SessionDraft?
        var handout: Handout?
        var activity: WorkshopActivity?

        while reader.read() {
            switch reader.kind {
            case .startElement:
                let name = reader.localName
                let parent = stack.last ?? ""
                switch (parent, name) {
                case ("", "workshop"):
                    root = attributeMap(reader)
                    rootLine = reader.line
                case ("workshop", "title"): title = text(reader)
                case ("workshop", "subtitle"): subtitle = text(reader)
                case ("workshop", "purpose"): purpose = text(reader)
                case ("workshop", "audience"): audience = text(reader)
                case ("outcomes", "outcome"): outcomes.append(text(reader))
                case ("preparation", "step"): preparation.append(text(reader))
                case ("workshop", "break"):
                    let minutes = Int(attributeMap(reader)["minutes"] ?? "") ?? 0
                    order.append(.breakTime(WorkshopBreak(minutes: minutes, label: text(reader), line: reader.line)))
                case ("workshop", "session"):
                    session = SessionDraft(attributes: attributeMap(reader), line: reader.line)
                case ("session", "title"): session?.title = text(reader)
                case ("session", "purpose"): session?.purpose = text(reader)
                case ("notes", "p"): session?.notes.append(text(reader))
                case ("prompts", "prompt"): session?.prompts.append(text(reader))
                case ("materials", "material"): session?.materials.append(text(reader))
                case ("session", "handout"):
                    handout = Handout(title: collapse(attributeMap(reader)["title"] ?? ""), blocks: [])
                case ("handout", "p"): handout?.blocks.append(.paragraph(text(reader)))
                case ("handout", "item"): handout?.blocks.append(.item(text(reader)))
                case ("session", "activity"):
                    let a = attributeMap(reader)
                    activity = WorkshopActivity(id: a["id"] ?? "", kind: WorkshopActivity.Kind(rawValue: a["kind"] ?? "") ?? .cardSort,
                                                items: WorkshopActivity.Items(rawValue: a["items"] ?? "") ?? .pilots, title: "",
                                                dots: Int(a["dots"] ?? "") ?? 5, perItem: Int(a["per-item"] ?? "") ?? 3,
                                                line: reader.line)
                case ("activity", "title"): activity?.title = text(reader)
                case ("activity", "question"): activity?.question = text(reader)
                default: break
                }
                if !reader.isEmptyElement { stack.append(name) }
            case .endElement:
                if reader.localName == "handout" { session?.handout = handout; handout = nil }
                if reader.localName == "activity", let done = activity { session?.activities.append(done); activity = nil }
                if reader.localName == "session", let draft = session {
                    order.append(.session(build(draft)))
                    session = nil
                }
                _ = stack.popLast()
            default:
                break
            }
        }
        let diagnostics = reader.diagnostics
        if reader.failed || diagnostics.hasErrors || !reader.isValid {
            throw InputError(columns(diagnostics.isEmpty
                ? [.error(.schemaViolation, "the workshop file is not valid", at: SourceLocation(file: reader.displayName, line: 1))]
                : diagnostics))
        }
        return Workshop(id: root["id"] ?? "", version: Int(root["version"] ?? "") ?? 1, minutes: Int(root["minutes"] ?? "") ?? 0,
                        title: title, subtitle: subtitle, purpose: purpose, audience: audience, outcomes: outcomes,
                        preparation: preparation, runningOrder: order, source: reader.displayName, line: rootLine)
    }

    private static func build(_ d: SessionDraft) -> WorkshopSession {
        WorkshopSession(id: d.attributes["id"] ?? "", minutes: Int(d.attributes["minutes"] ?? "") ?? 0,
                        method: SessionMethod(rawValue: d.attributes["method"] ?? "") ?? .plenary,
                        data: SessionData(rawValue: d.attributes["data"] ?? "none") ?? .none,
                        title: d.title, purpose: d.purpose, notes: d.notes, prompts: d.prompts,
                        materials: d.materials, handout: d.handout, activities: d.activities, line: d.line)
    }

    // MARK: - Barriers

    private static func readBarriers(_ reader: XMLStreamReader, columns: ([Diagnostic]) -> [Diagnostic]) throws -> [Barrier] {
        var stack: [String] = []
        var barriers: [Barrier] = []
        var current: Barrier?
        while reader.read() {
            switch reader.kind {
            case .startElement:
                let name = reader.localName
                switch (stack.last ?? "", name) {
                case ("barriers", "barrier"):
                    current = Barrier(id: attributeMap(reader)["id"] ?? "", says: "", why: "", instead: "", steps: [], question: "")
                case ("barrier", "says"): current?.says = text(reader)
                case ("barrier", "why"): current?.why = text(reader)
                case ("barrier", "instead"): current?.instead = text(reader)
                case ("try", "step"): current?.steps.append(text(reader))
                case ("barrier", "question"): current?.question = text(reader)
                default: break
                }
                if !reader.isEmptyElement { stack.append(name) }
            case .endElement:
                if reader.localName == "barrier", let b = current { barriers.append(b); current = nil }
                _ = stack.popLast()
            default:
                break
            }
        }
        if reader.failed || reader.diagnostics.hasErrors || !reader.isValid {
            throw InputError(columns(reader.diagnostics))
        }
        return barriers
    }

    // MARK: - Helpers

    private static func attributeMap(_ reader: XMLStreamReader) -> [String: String] {
        var map: [String: String] = [:]
        for a in reader.attributes() { map[a.name] = a.value }
        return map
    }

    private static func text(_ reader: XMLStreamReader) -> String { collapse(reader.readText()) }

    /// Runs of whitespace (line breaks included) become one space: authors wrap paragraphs freely.
    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

/// The built-in workshops, and finding a workshop by id or path.
public enum WorkshopCatalogue {
    /// Ids of the built-in workshops, sorted.
    public static var builtInIDs: [String] {
        BuiltInResources.paths(under: "workshops").compactMap { path -> String? in
            guard path.hasSuffix(".xml"), path != "workshops/barriers.xml" else { return nil }
            return String(path.dropFirst("workshops/".count).dropLast(4))
        }
    }

    public static func builtIn(_ id: String) throws -> Workshop? {
        guard let text = BuiltInResources.text("workshops/\(id).xml") else { return nil }
        return try WorkshopReader.read(text: text, displayName: "workshops/\(id).xml")
    }

    /// Every built-in workshop, in id order.
    public static func allBuiltIn() throws -> [Workshop] {
        try builtInIDs.compactMap { try builtIn($0) }
    }

    /// A built-in id (`pilot-review`) or the path of a workshop file.
    public static func load(_ reference: String) throws -> Workshop {
        if isPath(reference) {
            guard FileManager.default.fileExists(atPath: reference) else {
                throw FileError(path: reference, reason: "no such workshop file; give a built-in workshop id (\(builtInIDs.joined(separator: ", "))) or the path of a workshop .xml file")
            }
            return try WorkshopReader.read(path: reference)
        }
        guard let workshop = try builtIn(reference) else {
            throw InputError([.error(.unknownWorkshop, "there is no built-in workshop '\(reference)'; choose one of \(builtInIDs.joined(separator: ", ")), or give the path of your own workshop .xml file (`convenor workshops` lists them)")])
        }
        return workshop
    }

    /// The barrier cards: a `barriers.xml` beside a workshop file wins over the built-in set, so a place
    /// can add its own.
    public static func barriers(for reference: String) throws -> [Barrier] {
        if isPath(reference) {
            let beside = ((reference as NSString).deletingLastPathComponent as NSString).appendingPathComponent("barriers.xml")
            if FileManager.default.fileExists(atPath: beside) { return try WorkshopReader.readBarriers(path: beside) }
        }
        return try WorkshopReader.readBarriers(text: BuiltInResources.text("workshops/barriers.xml") ?? "",
                                               displayName: "workshops/barriers.xml")
    }

    static func isPath(_ reference: String) -> Bool {
        reference.contains("/") || reference.lowercased().hasSuffix(".xml") || FileManager.default.fileExists(atPath: reference)
    }
}
