import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The built executables, found next to the test bundle (Live/.build/<config>/) and in the root package's build.
enum Binaries {
    static let liveRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func find(_ name: String, extra: [URL] = []) -> URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates: [URL] = []
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent(name))
            dir = dir.deletingLastPathComponent()
        }
        return (candidates + extra).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static let live = find("convenor-live", extra: [liveRoot.appendingPathComponent(".build/debug/convenor-live")])
    static let convenor = find("convenor", extra: [liveRoot.deletingLastPathComponent().appendingPathComponent(".build/debug/convenor")])
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// axe-core's axe.min.js: $CONVENOR_AXE, or Live/.axe/axe.min.js (fetched by .ci/run from a PyPI wheel).
    static let axe: String? = [ProcessInfo.processInfo.environment["CONVENOR_AXE"], liveRoot.appendingPathComponent(".axe/axe.min.js").path]
        .compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
}

/// A `convenor-live` server process on 127.0.0.1 and a free port.
final class ServerProcess {
    let process = Process()
    let stdout = Pipe()
    let stderr = Pipe()
    var lines: [String: String] = [:]

    init(_ arguments: [String]) throws {
        process.executableURL = Binaries.live
        process.arguments = arguments
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
    }

    /// Reads start-up lines until the join address is printed (bounded in time).
    func waitUntilListening(timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        let handle = stdout.fileHandleForReading
        while Date() < deadline && process.isRunning {
            let chunk = handle.availableData
            if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.05); continue }
            text += String(decoding: chunk, as: UTF8.self)
            for line in text.split(separator: "\n") {
                if let colon = line.firstIndex(of: ":") {
                    lines[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            if lines["participants join at"] != nil && lines["facilitator screen"] != nil { return }
        }
        throw ServerError("the server did not start: \(String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self))")
    }

    var base: String { String(lines["facilitator screen"]?.split(separator: "/facilitator").first ?? "") }

    func stop(signal: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

struct ServerError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func request(_ method: String, _ url: String, token: String? = nil, json: String? = nil) async throws -> (Int, String) {
    var r = URLRequest(url: URL(string: url)!)
    r.httpMethod = method
    r.timeoutInterval = 10
    if let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let json { r.httpBody = Data(json.utf8); r.setValue("application/json", forHTTPHeaderField: "Content-Type") }
    let (data, response) = try await URLSession.shared.data(for: r)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

@Suite("convenor-live as a process", .serialized, .enabled(if: Binaries.live != nil, "needs the built convenor-live"))
struct LiveProcessTests {
    @Test("kill -9 and a restart on the same state lose nothing; tokens still work; a second server is refused")
    func killNine() async throws {
        let folder = temporaryFolder("kill")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let portfolio = try examplePortfolio(in: folder)
        let state = (folder as NSString).appendingPathComponent("state")
        let args = ["pilot-review", "--portfolio", portfolio, "--state", state, "--host", "127.0.0.1", "--port", "0"]
        let first = try ServerProcess(args)
        try first.waitUntilListening()
        let room = try #require(first.lines["room"])
        let key = try #require(first.lines["facilitator key"])
        #expect(first.lines["participants join at"]?.hasPrefix("http://127.0.0.1:") == true)

        var tokens: [String] = []
        for _ in 0..<4 {
            let (status, body) = try await request("POST", "\(first.base)/api/join", json: #"{"room": "\#(room)"}"#)
            #expect(status == 201)
            tokens.append(jsonObject(body)["participant"] as? String ?? "")
        }
        let choices = ["stop", "scale", "merge", "evidence"]
        for (token, choice) in zip(tokens, choices) {
            #expect(try await request("PUT", "\(first.base)/api/ballot/winter-shelter", token: token, json: #"{"choice": "\#(choice)"}"#).0 == 200)
        }
        #expect(try await request("POST", "\(first.base)/api/decisions", token: key,
                                  json: #"{"initiative": "hospital-idva", "value": "scale", "date": "2026-11-20", "by": "Health board"}"#).0 == 201)

        // A second server on the same state, while the first runs: refused, clearly.
        let second = try ServerProcess(args)
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 65)
        let message = String(decoding: second.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("another convenor live server is already using the state folder"))

        first.stop(signal: SIGKILL)
        let restarted = try ServerProcess(args)
        try restarted.waitUntilListening()
        #expect(restarted.lines["room"] == room)
        #expect(restarted.lines["facilitator key"] == key)
        for (token, choice) in zip(tokens, choices) {
            let (status, body) = try await request("GET", "\(restarted.base)/api/ballot", token: token)
            #expect(status == 200)
            #expect((jsonObject(body)["mine"] as? [String: String])?["winter-shelter"] == choice)
        }
        let (_, results) = try await request("GET", "\(restarted.base)/api/results", token: key)
        let item = (jsonObject(results)["items"] as? [[String: Any]])?.first { $0["id"] as? String == "winter-shelter" }
        #expect(item?["counts"] as? [String: Int] == ["stop": 1, "scale": 1, "merge": 1, "continue": 0, "evidence": 1])
        #expect(try await request("GET", "\(restarted.base)/api/decisions", token: key).1.contains("hospital-idva"))
        // Participants carry on.
        #expect(try await request("PUT", "\(restarted.base)/api/ballot/winter-shelter", token: tokens[0], json: #"{"choice": "continue"}"#).0 == 200)
        restarted.stop()
        #expect(restarted.process.terminationReason == .exit)
    }

    @Test("kill -9 while phones vote at once: every acknowledged vote survives the restart")
    func killNineUnderLoad() async throws {
        let folder = temporaryFolder("killload")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let portfolio = try examplePortfolio(in: folder)
        let args = ["pilot-review", "--portfolio", portfolio, "--state", (folder as NSString).appendingPathComponent("state"),
                    "--host", "127.0.0.1", "--port", "0"]
        let first = try ServerProcess(args)
        try first.waitUntilListening()
        let room = try #require(first.lines["room"])
        var tokens: [String] = []
        for _ in 0..<20 {
            tokens.append(jsonObject(try await request("POST", "\(first.base)/api/join", json: #"{"room": "\#(room)"}"#).1)["participant"] as? String ?? "")
        }
        let ballot = jsonObject(try await request("GET", "\(first.base)/api/ballot", token: tokens[0]).1)
        let items = ((ballot["items"] as? [[String: Any]]) ?? []).prefix(4).compactMap { $0["id"] as? String }
        let choices = ["stop", "scale", "merge", "continue", "evidence"]
        let ledger = VoteLedger()
        let base = first.base, phones = tokens
        // Every phone votes about eight times a second until the server dies under it.
        let voting = Task {
            await withTaskGroup(of: Void.self) { group in
                for (n, token) in phones.enumerated() {
                    group.addTask {
                        for k in 0..<10_000 {
                            let item = items[(n + k) % items.count], choice = choices[(n * 7 + k) % choices.count]
                            await ledger.send(token, item, choice)
                            guard let (status, _) = try? await request("PUT", "\(base)/api/ballot/\(item)", token: token, json: #"{"choice": "\#(choice)"}"#),
                                  status == 200 else { return }
                            await ledger.acknowledge(token, item, choice)
                            // Under the per-phone rate limit (10 a second).
                            try? await Task.sleep(for: .milliseconds(120))
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .seconds(2))
        first.stop(signal: SIGKILL)
        await voting.value
        let acknowledged = await ledger.acknowledged
        #expect(acknowledged.values.map(\.count).reduce(0, +) >= tokens.count, "too few votes were answered before the kill to prove anything")

        let restarted = try ServerProcess(args)
        try restarted.waitUntilListening()
        defer { restarted.stop() }
        for token in tokens {
            let (status, body) = try await request("GET", "\(restarted.base)/api/ballot", token: token)
            #expect(status == 200)
            let mine = jsonObject(body)["mine"] as? [String: String] ?? [:]
            for item in items {
                // The last acknowledged choice (or none), or the one in flight when the server died, which
                // may or may not have been committed; never an older one.
                let acked = acknowledged[token]?[item], inFlight = await ledger.inFlight[token]?[item]
                let allowed: Set<String?> = inFlight.map { [acked, $0] } ?? [acked]
                #expect(allowed.contains(mine[item]), "\(item): stored \(mine[item] ?? "nothing"), acknowledged \(acked ?? "nothing"), in flight \(inFlight ?? "nothing")")
            }
        }
    }

    @Test("SIGTERM stops the server promptly while a live feed is open")
    func stopsWithOpenFeed() async throws {
        let folder = temporaryFolder("sse")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let portfolio = try examplePortfolio(in: folder)
        let server = try ServerProcess(["pilot-review", "--portfolio", portfolio, "--state", (folder as NSString).appendingPathComponent("s"),
                                        "--host", "127.0.0.1", "--port", "0"])
        try server.waitUntilListening()
        let key = try #require(server.lines["facilitator key"])
        // Open the event stream with curl-like raw HTTP over a socket, read its first event, keep it open.
        let port = Int(server.base.split(separator: ":").last ?? "") ?? 0
        let feed = Process()
        feed.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        feed.arguments = ["python3", "-c", """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", \(port)))
            s.sendall(b"GET /api/events HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer \(key)\\r\\n\\r\\n")
            data = b""
            while b"event: display" not in data:
                data += s.recv(4096)
            print("open", flush=True)
            while s.recv(4096):
                pass
            print("closed by server", flush=True)
            """]
        let out = Pipe()
        feed.standardOutput = out
        try feed.run()
        defer { if feed.isRunning { feed.terminate() } }
        let handle = out.fileHandleForReading
        let opened = String(decoding: handle.availableData, as: UTF8.self)
        #expect(opened.contains("open"))
        let start = Date()
        server.stop()
        #expect(Date().timeIntervalSince(start) < 10)
        feed.waitUntilExit()
        #expect(String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).contains("closed by server"))
    }
}

@Suite("Real browser", .serialized,
       .enabled(if: Binaries.live != nil && Binaries.chromium != nil && Binaries.python != nil && Binaries.convenor != nil,
                "needs chromium, python3, and convenor built in the root package (swift build)"))
struct LiveBrowserTests {
    @Test("three phones sort cards, the facilitator sees tallies move live, records a decision, exports; axe finds no WCAG 2.2 AA violation",
          .enabled(if: Binaries.axe != nil, "needs axe.min.js (CONVENOR_AXE or Live/.axe/axe.min.js; .ci/run fetches it)"))
    func endToEnd() throws {
        let script = Binaries.liveRoot.appendingPathComponent("Tests/browser/live_browser_test.py").path
        var arguments = [script, "--live", Binaries.live!.path, "--convenor", Binaries.convenor!.path, "--chromium", Binaries.chromium!]
        if let axe = Binaries.axe { arguments += ["--axe", axe] }
        if let shot = ProcessInfo.processInfo.environment["CONVENOR_LIVE_SCREENSHOT"] { arguments += ["--screenshot", shot] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.python!)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}

/// What each phone sent and what the server acknowledged, by token and item.
actor VoteLedger {
    var acknowledged: [String: [String: String]] = [:]
    /// The one request a phone has open (phones wait for an answer before the next vote).
    var inFlight: [String: [String: String]] = [:]

    func send(_ token: String, _ item: String, _ choice: String) { inFlight[token] = [item: choice] }

    func acknowledge(_ token: String, _ item: String, _ choice: String) {
        acknowledged[token, default: [:]][item] = choice
        inFlight[token] = nil
    }
}
