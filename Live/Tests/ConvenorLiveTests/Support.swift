import ConvenorCore
@testable import ConvenorLive
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A fresh folder under the system's temporary folder, removed by the caller.
func temporaryFolder(_ name: String = "live") -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("convenor-\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The bundled example place written to a folder; returns the XML's path.
func examplePortfolio(in folder: String) throws -> String {
    for file in DemoPipeline.examplePortfolio {
        let path = (folder as NSString).appendingPathComponent((file.path as NSString).lastPathComponent)
        try file.contents.write(to: URL(fileURLWithPath: path))
    }
    return (folder as NSString).appendingPathComponent("portfolio.xml")
}

/// A room on the example place with the pilot-review workshop, its state in a new folder.
struct TestRoom {
    let folder: String
    let portfolio: String
    let state: String
    let loaded: LiveSessionLoader.Loaded
    var room: LiveRoom { loaded.room }

    init(named: Bool = false, state: String? = nil, folder: String? = nil) throws {
        let folder = folder ?? temporaryFolder()
        self.folder = folder
        portfolio = (folder as NSString).appendingPathComponent("portfolio.xml")
        if !FileManager.default.fileExists(atPath: portfolio) { _ = try examplePortfolio(in: folder) }
        self.state = state ?? (folder as NSString).appendingPathComponent("state")
        loaded = try LiveSessionLoader.load(workshop: "pilot-review", portfolio: portfolio, state: self.state, named: named, privacyNotice: nil)
    }

    func application() throws -> some ApplicationProtocol {
        Application(router: try LiveServer(room: room).router())
    }
}

extension TestClientProtocol {
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            (response.status, String(buffer: response.body), response.headers)
        }
    }

    func join(_ room: String) async throws -> String {
        let r = try await send(.post, "/api/join", json: #"{"room": "\#(room)"}"#)
        let object = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any]
        return object?["participant"] as? String ?? ""
    }
}

func jsonObject(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}
