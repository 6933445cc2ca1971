// Shared by every Convenor command plugin through a symlink in each plugin's folder (SwiftPM plugins
// cannot depend on library targets). The PackagePlugin side: run the tool, echo it, report, fail.
import Foundation
import PackagePlugin

enum ConvenorPlugin {
    /// Runs `convenor <verb>` for a command plugin; throws (so `swift package` exits non-zero) when the tool fails.
    static func perform(_ verb: ConvenorVerb, context: PluginContext, arguments: [String]) throws {
        let tool = try context.tool(named: "convenor")
        let root = context.package.directoryURL
        let rootPath = root.path
        let invocation = try PluginInvocation.plan(verb, arguments: arguments, packageDirectory: rootPath) { path in
            FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
        }
        switch invocation {
        case .help(let toolArguments):
            let result = try run(tool.url, toolArguments, in: root)
            print(result.stdout + result.stderr, terminator: "")
            print(PluginInvocation.pluginHelp(verb))
        case .run(let toolArguments, let outputFolder):
            let result = try run(tool.url, toolArguments, in: root)
            // stderr carries the diagnostics as JSON lines; stdout is the tool's report, shown after them as it is.
            var errors = 0
            var meaning: String?
            for line in result.stderr.split(separator: "\n") {
                switch ToolLine.read(line) {
                case .text(let text):
                    FileHandle.standardError.write(Data((text + "\n").utf8))
                case .ended(_, let said):
                    meaning = said
                case .diagnostic(let diagnostic):
                    // The compiler-style line keeps the column in the log; SwiftPM's own diagnostic drops it.
                    FileHandle.standardError.write(Data((diagnostic.compilerStyle + "\n").utf8))
                    let file = diagnostic.absoluteFile(packageDirectory: rootPath)
                    switch diagnostic.severity {
                    case .error:
                        errors += 1
                        Diagnostics.error(diagnostic.codedMessage, file: file, line: diagnostic.line)
                    case .warning: Diagnostics.warning(diagnostic.codedMessage, file: file, line: diagnostic.line)
                    case .note: Diagnostics.remark(diagnostic.codedMessage, file: file, line: diagnostic.line)
                    }
                }
            }
            FileHandle.standardOutput.write(Data(result.stdout.utf8))
            guard result.status == 0 else {
                throw PluginFailure.toolFailed(verb: verb, status: result.status, meaning: meaning, errors: errors)
            }
            if let outputFolder { print("\(verb.pluginVerb): wrote \(outputFolder)/") }
        }
    }

    private struct ToolResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private static func run(_ executable: URL, _ arguments: [String], in directory: URL) throws -> ToolResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        // The plugin reads the tool's output through pipes: plain text, no colour codes.
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a chatty tool cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }
}
