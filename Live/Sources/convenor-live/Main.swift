import ArgumentParser
import ConvenorCore
import ConvenorLive
import Foundation

@main
struct LiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convenor live",
        abstract: "Runs a live workshop room: phones in the room vote, the facilitator records decisions, and they are written back to the portfolio.",
        discussion: """
        Start a session:  convenor live WORKSHOP --portfolio INPUT --state DIR [--host ADDR] [--port N]
        Try it:           convenor live --demo
        Afterwards:       convenor live export --state DIR -o OUT, then convenor live purge --state DIR
        Exit codes: 0 ok, 64 usage, 65 bad input, 74 could not read or write a file.
        """,
        subcommands: [Run.self, Export.self, Purge.self],
        defaultSubcommand: Run.self
    )
}

extension ExitCode {
    static let badInput = ExitCode(65)
    static let ioError = ExitCode(74)
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data("error: \(text)\n".utf8))
}

/// Convenor's errors as messages on stderr with the documented exit codes.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as InputError {
        for d in error.diagnostics { FileHandle.standardError.write(Data("\(d)\n".utf8)) }
        throw ExitCode.badInput
    } catch let error as FileError {
        printError(error.description)
        throw ExitCode.ioError
    } catch let error as RoomSetupError {
        printError(error.description)
        throw ExitCode.badInput
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Starts the room's web server (the default: `convenor live WORKSHOP …`)."
    )

    @Argument(help: ArgumentHelp("A built-in workshop id (e.g. pilot-review) or a workshop .xml file with <activity> elements.", valueName: "workshop"))
    var workshop: String?

    @Option(help: ArgumentHelp("The portfolio: a .xml file or a folder of CSV files.", valueName: "input"))
    var portfolio: String?

    @Option(help: ArgumentHelp("The folder for the session's state (created if needed); restart with the same folder to carry on.", valueName: "dir"))
    var state: String?

    @Option(help: ArgumentHelp("The address to listen on: 0.0.0.0 for every network of this computer, or one address.", valueName: "addr"))
    var host: String = "0.0.0.0"

    @Option(help: ArgumentHelp("The port (0: any free port).", valueName: "n"))
    var port: Int = 8080

    @Flag(help: "Named voting: participants give their name, and the record shows who chose what.")
    var named = false

    @Option(help: ArgumentHelp("A text file with the privacy notice for the join page.", valueName: "file"))
    var privacyNotice: String?

    @Flag(help: "Run on the bundled example place (Northbridge) with the pilot-review workshop.")
    var demo = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port; give 0 to 65535") }
        if !demo {
            guard workshop != nil else { throw ValidationError("give the WORKSHOP (e.g. pilot-review), or --demo") }
            guard portfolio != nil else { throw ValidationError("--portfolio is missing: the portfolio the room will decide on") }
            guard state != nil else { throw ValidationError("--state is missing: the folder that keeps the session (votes, decisions)") }
        }
    }

    func run() async throws {
        try await reportingErrors {
            var workshop = self.workshop ?? "pilot-review"
            var portfolio = self.portfolio ?? ""
            let state = self.state ?? "convenor-live-demo"
            if demo {
                // The example place is written into the state folder, where Convenor owns every file.
                let example = (state as NSString).appendingPathComponent("example")
                if !FileManager.default.fileExists(atPath: example) {
                    try OutputFolder.write(Workflows.examplePortfolio.map { RenderedFile(path: ($0.path as NSString).lastPathComponent, contents: $0.contents) },
                                           to: example)
                }
                portfolio = self.portfolio ?? (example as NSString).appendingPathComponent("portfolio.xml")
                workshop = self.workshop ?? "pilot-review"
            }
            var notice: String?
            if let privacyNotice {
                guard let text = try? String(contentsOfFile: privacyNotice, encoding: .utf8) else {
                    throw FileError(path: privacyNotice, reason: "cannot read the privacy notice")
                }
                notice = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let loaded = try LiveSessionLoader.load(workshop: workshop, portfolio: portfolio, state: state, named: named, privacyNotice: notice)
            let ansi = isatty(STDOUT_FILENO) == 1
            // The state lock is held for as long as the server runs.
            defer { withExtendedLifetime(loaded.lock) {} }
            try await LiveApp.run(room: loaded.room, host: host, port: port, ansiQR: ansi) { text in
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes the portfolio with the room's decisions added, and the workshop record (record.md, record.csv, record.json)."
    )

    @Option(help: ArgumentHelp("The session's state folder.", valueName: "dir"))
    var state: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write (replaced only once complete).", valueName: "dir"))
    var output: String

    func run() async throws {
        try await reportingErrors {
            let summary = try LiveExport.export(state: state, to: output)
            FileHandle.standardOutput.write(Data(summary.utf8))
        }
    }
}

struct Purge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deletes the session's participant data (tokens, names, individual votes); counts and decisions stay."
    )

    @Option(help: ArgumentHelp("The session's state folder.", valueName: "dir"))
    var state: String

    @Flag(help: "Purge even though the session has not been exported (its individual votes are lost).")
    var force = false

    func run() async throws {
        try await reportingErrors {
            let summary = try LiveExport.purge(state: state, force: force)
            FileHandle.standardOutput.write(Data(summary.utf8))
        }
    }
}
