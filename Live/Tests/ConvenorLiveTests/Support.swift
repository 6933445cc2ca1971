import ConvenorCore
@testable import ConvenorLive
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A fresh folder under the system's temporary folder, removed by the caller.
func temporaryFolder(_ name: String = "live") -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("convenor-\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The bundled example place written to a folder; returns the XML's path.
func examplePortfolio(in folder: String) throws -> String {
    for file in Workflows.examplePortfolio {
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

    /// Runs the room's server on 127.0.0.1 and a free port for the duration of `body`, then stops it.
    func withServer(_ body: (TestClient) async throws -> Void) async throws {
        let port = PortBox()
        let app = Application(router: try LiveServer(room: room).router(),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) },
                              logger: Logger(label: "test"))
        let services = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            // Bounded, but generous: on a loaded 2-core machine binding can take a while.
            let deadline = Date().addingTimeInterval(180)
            while port.value == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            guard port.value != 0 else {
                await services.triggerGracefulShutdown()
                throw ServerError("the test server did not start listening within 180 s")
            }
            do {
                try await body(TestClient(base: "http://127.0.0.1:\(port.value)"))
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}

final class PortBox: Sendable {
    private let port = Mutex(0)
    var value: Int { port.withLock { $0 } }
    func set(_ p: Int) { port.withLock { $0 = p } }
}

/// Does not follow redirects and keeps no cookies, so tests see exactly what the server sends.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

struct TestClient: Sendable {
    let base: String
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 20
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil, body: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
        var request = URLRequest(url: URL(string: base + uri)!)
        request.httpMethod = method.rawValue
        for field in extra { request.setValue(field.value, forHTTPHeaderField: field.name.rawName) }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json { request.setValue("application/json", forHTTPHeaderField: "Content-Type"); request.httpBody = Data(json.utf8) }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers = HTTPFields()
        for (name, value) in http.allHeaderFields {
            if let n = name as? String, let f = HTTPField.Name(n), let v = value as? String { headers[f] = v }
        }
        return (HTTPResponse.Status(code: http.statusCode), String(decoding: data, as: UTF8.self), headers)
    }

    func join(_ room: String) async throws -> String {
        let r = try await send(.post, "/api/join", json: #"{"room": "\#(room)"}"#)
        return jsonObject(r.body)["participant"] as? String ?? ""
    }
}

func jsonObject(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}
