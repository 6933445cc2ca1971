@testable import ConvenorLive
import Foundation
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

    @Test("EmbeddedAssets.swift holds exactly Live/assets/ (run Live/scripts/embed-assets after editing)")
    func assetsEmbedded() throws {
        let folder = Self.liveRoot.appendingPathComponent("assets")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == EmbeddedAssets.files.keys.sorted())
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(EmbeddedAssets.files[name] == text, "\(name) differs from the embedded copy")
        }
    }
}
