import ArgumentParser
import Foundation

extension Convenor {
    /// `convenor live …` hands over to the `convenor-live` server, a separate executable (the Live/ package)
    /// so that the server stack stays out of the build programme offices run through the plugins.
    struct Live: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs a live workshop room for phones in the room (needs convenor-live; see the README).",
            discussion: """
            convenor live WORKSHOP --portfolio INPUT --state DIR [--host ADDR] [--port N]
            convenor live --demo
            convenor live export --state DIR -o OUT
            convenor live purge --state DIR
            The server is built separately: swift build --package-path Live (or -c release). convenor finds
            convenor-live in $CONVENOR_LIVE, beside itself, in Live/.build, or on the PATH.
            """
        )

        @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments for convenor-live.", valueName: "arguments"))
        var arguments: [String] = []

        static func locate() -> String? {
            let fm = FileManager.default
            var candidates: [String] = []
            if let explicit = ProcessInfo.processInfo.environment["CONVENOR_LIVE"] { candidates.append(explicit) }
            let invoked = URL(fileURLWithPath: CommandLine.arguments[0])
            for me in [invoked, invoked.resolvingSymlinksInPath()] {
                candidates.append(me.deletingLastPathComponent().appendingPathComponent("convenor-live").path)
                // In a checkout, .build/<config>/convenor has Live/.build/<config>/convenor-live a few folders up.
                var folder = me.deletingLastPathComponent()
                for _ in 0..<4 {
                    folder = folder.deletingLastPathComponent()
                    for config in ["release", "debug"] {
                        candidates.append(folder.appendingPathComponent("Live/.build/\(config)/convenor-live").path)
                    }
                }
            }
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
                candidates.append("\(dir)/convenor-live")
            }
            return candidates.first { fm.isExecutableFile(atPath: $0) }
        }

        func run() throws {
            guard let path = Self.locate() else {
                Terminal.printError("convenor live needs the live room server, convenor-live, which is not built: run `swift build --package-path Live -c release` in Convenor's checkout, then put Live/.build/release/convenor-live beside convenor or on your PATH (or set CONVENOR_LIVE to its path)")
                throw ExitCode(69)
            }
            // Replace this process, so signals (Ctrl-C) and output go straight to the server.
            let argv = [path] + arguments
            var cArgs = argv.map { strdup($0) }
            cArgs.append(nil)
            execv(path, cArgs)
            Terminal.printError("could not start \(path): \(String(cString: strerror(errno)))")
            throw ExitCode(71)
        }
    }
}
