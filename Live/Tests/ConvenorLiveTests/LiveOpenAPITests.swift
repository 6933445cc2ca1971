@testable import ConvenorLive
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("OpenAPI document and embedded assets stay in step with the code")
struct LiveOpenAPITests {
    static let liveRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every route of the router is in Live/openapi.json, with its method, and nothing more")
    func routesMatchDocument() throws {
        let t = try TestRoom()
        let router = try LiveServer(room: t.room).router()
        var fromRouter = Set<String>()
        for route in router.routes {
            // Hummingbird writes captures as {name}, as OpenAPI does.
            fromRouter.insert("\(route.method.rawValue.lowercased()) \(route.path.description)")
        }
        let data = try Data(contentsOf: Self.liveRoot.appendingPathComponent("openapi.json"))
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        #expect(document["openapi"] as? String == "3.1.0")
        var fromDocument = Set<String>()
        for (path, operations) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for method in operations.keys { fromDocument.insert("\(method) \(path)") }
        }
        #expect(fromRouter.subtracting(fromDocument).sorted() == [], "routes missing from openapi.json")
        #expect(fromDocument.subtracting(fromRouter).sorted() == [], "documented routes the server does not have")
        #expect(fromRouter.count >= 20)
    }

    @Test("the binary embeds exactly Live/assets/, as the folder is now")
    func assetsEmbedded() throws {
        let folder = Self.liveRoot.appendingPathComponent("assets")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == EmbeddedAssets.files.keys.sorted())
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(EmbeddedAssets.files[name] == text, "\(name) differs from the embedded copy")
        }
    }

    @Test("real responses match their schemas in openapi.json: join, ballot, vote, results, display, decisions, errors")
    func responsesMatchSchemas() async throws {
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: Self.liveRoot.appendingPathComponent("openapi.json")))
        let t = try TestRoom()
        let key = t.room.facilitatorKey
        try await t.withServer { (client: TestClient) async throws in
            var problems: [String] = []
            func check(_ method: String, _ template: String, _ response: (status: HTTPResponse.Status, body: String, headers: HTTPFields)) throws {
                let where_ = "\(method.uppercased()) \(template) \(response.status.code)"
                guard let schema = document["paths"]?[template]?[method]?["responses"]?[String(response.status.code)]?["content"]?["application/json"]?["schema"] else {
                    problems.append("\(where_): no schema in openapi.json for this response"); return
                }
                let value = try JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8))
                problems += schema.problems(of: value, in: document, at: where_)
            }
            var tokens: [String] = []
            for _ in 0..<5 {
                let joined = try await client.send(.post, "/api/join", json: #"{"room": "\#(t.room.roomCode)"}"#)
                try check("post", "/api/join", joined)
                tokens.append(jsonObject(joined.body)["participant"] as? String ?? "")
            }
            try check("post", "/api/join", try await client.send(.post, "/api/join", json: #"{"room": "NOROOM"}"#))
            try check("get", "/api/ballot", try await client.send(.get, "/api/ballot", token: tokens[0]))
            try check("get", "/api/ballot", try await client.send(.get, "/api/ballot"))
            for (n, token) in tokens.enumerated() {
                try check("put", "/api/ballot/{item}", try await client.send(.put, "/api/ballot/winter-shelter", token: token,
                                                                               json: #"{"choice": "\#(n < 3 ? "stop" : "merge")"}"#))
            }
            try check("put", "/api/ballot/{item}", try await client.send(.put, "/api/ballot/no-such-item", token: tokens[0], json: #"{"choice": "stop"}"#))
            try check("put", "/api/ballot/{item}", try await client.send(.put, "/api/ballot/winter-shelter", token: tokens[0], json: #"{"choice": "maybe"}"#))
            try check("get", "/api/results", try await client.send(.get, "/api/results", token: key))
            try check("get", "/api/results", try await client.send(.get, "/api/results", token: tokens[0]))
            try check("get", "/api/display", try await client.send(.get, "/api/display", token: key))
            try check("post", "/api/activities/{id}/reveal", try await client.send(.post, "/api/activities/sort-pilots/reveal", token: key))
            let display = try await client.send(.get, "/api/display", token: key)
            #expect(display.body.contains(#""summary":"Most chose Stop: 3 of 5 (60%)""#))
            try check("get", "/api/display", display)
            try check("get", "/api/activities", try await client.send(.get, "/api/activities", token: key))
            try check("post", "/api/decisions", try await client.send(.post, "/api/decisions", token: key,
                json: #"{"initiative": "hospital-idva", "value": "scale", "date": "2026-11-20", "by": "Health board"}"#))
            try check("post", "/api/decisions", try await client.send(.post, "/api/decisions", token: key,
                json: #"{"initiative": "hospital-idva", "value": "grow", "date": "2026-11-20", "by": "Health board"}"#))
            try check("get", "/api/decisions", try await client.send(.get, "/api/decisions", token: key))
            try check("post", "/api/activities/{id}/open", try await client.send(.post, "/api/activities/discuss-first/open", token: key))
            #expect(problems.isEmpty, "responses that do not match openapi.json:\n\(problems.joined(separator: "\n"))")
        }
    }
}

/// Any JSON value, decoded strictly (a number is never a boolean), for checking responses against the schemas.
enum JSONValue: Decodable, CustomStringConvertible {
    case object([String: JSONValue]), array([JSONValue]), string(String), number(Double), bool(Bool), null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    subscript(key: String) -> JSONValue? { if case .object(let o) = self { o[key] } else { nil } }

    var description: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string(let s): "the string \"\(s.prefix(40))\""
        case .number(let n): "the number \(n)"
        case .bool(let b): "\(b)"
        case .null: "null"
        }
    }

    /// What in `value` breaks this schema: types, required and undocumented properties, arrays' items.
    /// Covers the keywords Live/openapi.json uses ($ref, type, required, properties, additionalProperties, items).
    func problems(of value: JSONValue, in document: JSONValue, at path: String) -> [String] {
        var schema = self
        if case .string(let ref)? = schema["$ref"] {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = document["components"]?["schemas"]?[name] else { return ["\(path): unknown $ref \(ref)"] }
            schema = target
        }
        if case .string(let type)? = schema["type"] {
            let matches: Bool
            switch (type, value) {
            case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): matches = true
            case ("integer", .number(let n)): matches = n == n.rounded()
            default: matches = false
            }
            if !matches { return ["\(path): expected \(type), found \(value)"] }
        }
        var found: [String] = []
        if case .object(let object) = value {
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where object[name] == nil { found.append("\(path): missing \(name)") }
            }
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                if let property = schema["properties"]?[name] {
                    found += property.problems(of: member, in: document, at: "\(path).\(name)")
                } else if case .bool(false)? = schema["additionalProperties"] {
                    found.append("\(path): \(name) is not in the schema")
                } else if let extra = schema["additionalProperties"], case .object = extra {
                    found += extra.problems(of: member, in: document, at: "\(path).\(name)")
                }
            }
        }
        if case .array(let elements) = value, let itemSchema = schema["items"] {
            for (i, element) in elements.enumerated() { found += itemSchema.problems(of: element, in: document, at: "\(path)[\(i)]") }
        }
        return found
    }
}
