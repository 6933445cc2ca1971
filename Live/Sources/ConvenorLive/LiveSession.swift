import ConvenorCore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Only one server per state folder: an exclusive `flock` on `server.lock`, released by the kernel
/// when the process ends, however it ends (kill -9 included).
public final class StateLock: Sendable {
    let descriptor: Int32

    public init(folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("server.lock")
        let fd = open(path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw RoomSetupError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw RoomSetupError("another convenor live server is already using the state folder \(folder); stop it first, or give a different --state folder")
        }
        descriptor = fd
    }

    deinit { close(descriptor) }
}

/// Everything a session needs, loaded from the workshop and the portfolio with the core analyses.
public enum LiveSessionLoader {
    public struct Loaded: Sendable {
        public var room: LiveRoom
        public var lock: StateLock
        public var workshop: Workshop
        public var portfolio: Portfolio
    }

    public static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }

    /// A workshop reference as stored: built-in ids as they are, files as absolute paths.
    public static func workshopReference(_ reference: String) -> String {
        FileManager.default.fileExists(atPath: reference) && (reference.contains("/") || reference.hasSuffix(".xml")) ? absolute(reference) : reference
    }

    public static func load(workshop reference: String, portfolio path: String, state: String, named: Bool,
                            privacyNotice: String?) throws -> Loaded {
        let lock = try StateLock(folder: state)
        let store = try LiveStore(folder: state)
        let (room, definition, portfolio) = try build(workshop: reference, portfolio: path, store: store, named: named, privacyNotice: privacyNotice)
        return Loaded(room: room, lock: lock, workshop: definition, portfolio: portfolio)
    }

    /// The room of an existing state, without the server lock (export).
    public static func room(workshop reference: String, portfolio path: String, store: LiveStore, named: Bool,
                            privacyNotice: String?) throws -> LiveRoom {
        try build(workshop: reference, portfolio: path, store: store, named: named, privacyNotice: privacyNotice).room
    }

    static func build(workshop reference: String, portfolio path: String, store: LiveStore, named: Bool,
                      privacyNotice: String?) throws -> (room: LiveRoom, workshop: Workshop, portfolio: Portfolio) {
        let definition = try WorkshopCatalogue.load(reference)
        let barriers = try WorkshopCatalogue.barriers(for: reference)
        let loaded = try PortfolioLoader.load(path)
        let p = loaded.portfolio
        // The same missing-as-of error, in the same words, as register, check and pack.
        let asOf = try loaded.asOf()
        let overlap = OverlapAnalysis.run(p)
        let register = RegisterEngine(settings: try RulesFile.settings(forPortfolio: path), overlap: RegisterOverlapFacts(overlap)).run(p, asOf: asOf)
        let activities = LiveActivityBuilder.build(workshop: definition, portfolio: p, asOf: asOf, register: register,
                                                   overlap: overlap, barriers: barriers)
        let setup = LiveSetup(workshopReference: workshopReference(reference), portfolioPath: absolute(path), named: named,
                              privacyNotice: privacyNotice, workshopTitle: definition.title, placeName: p.place.name)
        let room = try LiveRoom(store: store, setup: setup, activities: activities,
                                initiatives: p.initiatives.map { (id: $0.id, name: $0.name) }, portfolio: loaded)
        return (room, definition, p)
    }
}

/// Ends every live feed when the server is asked to stop, so open event streams do not hold it up.
struct FeedCloser: Service {
    let feed: ChangeFeed
    func run() async throws {
        try? await gracefulShutdown()
        feed.finishAll()
    }
}

/// Runs the HTTP server until SIGINT/SIGTERM.
public enum LiveApp {
    /// Addresses participants can use: the host given, or every IPv4 address of this machine when it
    /// listens on all of them (loopback last, because phones cannot use it).
    public static func participantHosts(bound host: String) -> [String] {
        guard host == "0.0.0.0" || host == "::" else { return [host] }
        var result: [String] = []
        var loopback: [String] = []
        var list: UnsafeMutablePointer<ifaddrs>?
        if getifaddrs(&list) == 0, let first = list {
            var cursor: UnsafeMutablePointer<ifaddrs>? = first
            while let entry = cursor {
                if let addr = entry.pointee.ifa_addr, addr.pointee.sa_family == UInt8(AF_INET) {
                    var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                    if getnameinfo(addr, socklen_t(MemoryLayout<sockaddr_in>.size), &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                        let ip = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                        if ip.hasPrefix("127.") { loopback.append(ip) } else if !result.contains(ip) { result.append(ip) }
                    }
                }
                cursor = entry.pointee.ifa_next
            }
            freeifaddrs(first)
        }
        return result + loopback
    }

    static func url(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// Starts the server; `report` gets the start-up text once it is listening (the port is real, even for port 0).
    public static func run(room: LiveRoom, host: String, port: Int, ansiQR: Bool = false,
                           report: @escaping @Sendable (String) -> Void) async throws {
        let server = try LiveServer(room: room)
        var logger = Logger(label: "convenor-live")
        // Requests are never logged: URLs can carry the facilitator key.
        logger.logLevel = .warning
        let app = Application(
            router: server.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "convenor-live"),
            services: [FeedCloser(feed: room.changes)],
            onServerRunning: { channel in
                let actual = channel.localAddress?.port ?? port
                let hosts = participantHosts(bound: host)
                let join = "\(url(hosts.first ?? host, actual))/?room=\(room.roomCode)"
                server.pages.link.set(join)
                var text = "\(room.setup.workshopTitle), \(room.setup.placeName): live room\n"
                text += "room: \(room.roomCode)\n"
                text += "facilitator key: \(room.facilitatorKey)\n"
                text += "listening on \(url(host, actual))\(host == "0.0.0.0" ? " (every address of this computer)" : "")\n"
                text += "participants join at: \(join)\n"
                for other in hosts.dropFirst() { text += "  or, on another network: \(url(other, actual))/?room=\(room.roomCode)\n" }
                let local = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
                text += "facilitator screen: \(url(local, actual))/facilitator?key=\(room.facilitatorKey)\n"
                if let qr = try? QRCode(text: join) { text += qr.terminalText(ansi: ansiQR) }
                text += "Phones cannot reach this laptop on guest Wi-Fi that isolates devices: use a phone hotspot or a travel router (README).\n"
                report(text)
            },
            logger: logger
        )
        defer { room.changes.finishAll() }
        try await app.runService()
    }
}
