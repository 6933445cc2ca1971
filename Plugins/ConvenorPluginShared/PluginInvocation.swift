// Shared by every Convenor command plugin (each plugin folder holds a symlink to this file: SwiftPM
// plugins cannot depend on library targets) and compiled into ConvenorPluginTests the same way.
// Pure logic only, no PackagePlugin: what to run, and how to read what the tool printed.
import Foundation

/// One plugin verb and what it needs to know about its `convenor` subcommand.
struct ConvenorVerb: Sendable, Equatable {
    enum InputStyle: Sendable, Equatable {
        /// The portfolio is the subcommand's first argument (`convenor check INPUT …`).
        case firstArgument
        /// The portfolio is an option (`convenor pack WORKSHOP --portfolio INPUT …`).
        case portfolioOption
    }

    /// The `convenor` subcommand, e.g. `overlap`.
    var command: String
    var input: InputStyle
    /// Whether the subcommand writes an output folder (`-o DIR`).
    var writesOutput: Bool

    /// What the user types after `swift package`, e.g. `convenor-overlap`.
    var pluginVerb: String { "convenor-\(command)" }

    static let overlap = ConvenorVerb(command: "overlap", input: .firstArgument, writesOutput: true)
    static let register = ConvenorVerb(command: "register", input: .firstArgument, writesOutput: true)
    static let pack = ConvenorVerb(command: "pack", input: .portfolioOption, writesOutput: true)
    static let check = ConvenorVerb(command: "check", input: .firstArgument, writesOutput: false)
    static let validate = ConvenorVerb(command: "validate", input: .firstArgument, writesOutput: false)
}

/// Why a plugin stops before or after running the tool. The description is what the user reads.
struct PluginFailure: Error, Equatable, CustomStringConvertible {
    var description: String

    static func noPortfolio(verb: ConvenorVerb, packageDirectory: String) -> PluginFailure {
        let example = verb.input == .portfolioOption
            ? "swift package \(verb.pluginVerb) WORKSHOP --portfolio PATH"
            : "swift package \(verb.pluginVerb) PATH"
        return PluginFailure(description: """
            no portfolio found in \(packageDirectory): looked for portfolio/ (a folder of CSV files), portfolio.xml and portfolio.xlsx. \
            Create one of them (convenor init writes a starter portfolio/), or name the portfolio: \(example)
            """)
    }

    /// - Parameter meaning: what the tool said its exit status means (its last JSON line); nil when it said
    ///   nothing, e.g. because it crashed. The table of meanings lives in the tool alone.
    static func toolFailed(verb: ConvenorVerb, status: Int32, meaning: String?, errors: Int) -> PluginFailure {
        let count = errors == 0 ? "" : " (\(errors) error\(errors == 1 ? "" : "s") above)"
        let why = meaning ?? "it stopped without saying why"
        return PluginFailure(description: "convenor \(verb.command) failed with exit code \(status): \(why)\(count)")
    }
}

/// What a plugin run should do, worked out from the user's arguments and the package's files.
enum PluginInvocation: Equatable {
    /// Print the tool's help for the subcommand, then the plugin's own notes.
    case help(toolArguments: [String])
    /// Run the tool with these arguments (the working directory is the package root).
    /// `outputFolder` is where the output goes, relative to the package root when the plugin chose it.
    case run(toolArguments: [String], outputFolder: String?)

    /// The default portfolio, relative to the package root: `portfolio/` first, then `portfolio.xml`,
    /// then the workbook `portfolio.xlsx`.
    static let defaultInputs = ["portfolio", "portfolio.xml", "portfolio.xlsx"]
    /// Outputs go to `convenor-out/<command>/` unless the user gives `-o`.
    static let outputRoot = "convenor-out"
    /// The tool then writes its diagnostics, and how it ended, as JSON lines on stderr (`ToolLine`).
    static let diagnosticsArguments = ["--diagnostics-format", "json"]

    /// - Parameters:
    ///   - arguments: what the user typed after the verb, passed through unchanged except for the defaults.
    ///   - exists: whether a path relative to the package root exists.
    static func plan(_ verb: ConvenorVerb, arguments: [String], packageDirectory: String,
                     exists: (String) -> Bool) throws(PluginFailure) -> PluginInvocation {
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) {
            return .help(toolArguments: [verb.command, "--help"])
        }
        var toolArguments = diagnosticsArguments + [verb.command]
        var passThrough = arguments
        let givesInput: Bool
        switch verb.input {
        case .firstArgument:
            givesInput = arguments.first.map { !$0.hasPrefix("-") } ?? false
        case .portfolioOption:
            givesInput = arguments.contains { $0 == "--portfolio" || $0.hasPrefix("--portfolio=") }
        }
        if !givesInput {
            guard let input = defaultInputs.first(where: exists) else {
                throw .noPortfolio(verb: verb, packageDirectory: packageDirectory)
            }
            switch verb.input {
            case .firstArgument: toolArguments.append(input)
            case .portfolioOption: passThrough += ["--portfolio", input]
            }
        }
        var outputFolder: String?
        if verb.writesOutput {
            let givesOutput = arguments.contains { $0 == "-o" || $0 == "--output" || $0.hasPrefix("--output=") }
            if !givesOutput {
                var folder = "\(outputRoot)/\(verb.command)"
                // Each workshop gets its own folder, so building two packs keeps both.
                if verb.input == .portfolioOption, let workshop = arguments.first, !workshop.hasPrefix("-") {
                    folder += "/" + (workshop as NSString).lastPathComponent
                }
                outputFolder = folder
                passThrough += ["-o", folder]
            }
        }
        return .run(toolArguments: toolArguments + passThrough, outputFolder: outputFolder)
    }

    /// The plugin's own part of `--help`, printed after the tool's help for the subcommand.
    static func pluginHelp(_ verb: ConvenorVerb) -> String {
        let permission = verb.writesOutput ? "--allow-writing-to-package-directory " : ""
        var lines = [
            "",
            "SWIFTPM PLUGIN: swift package \(permission)\(verb.pluginVerb) [arguments]",
            "  Runs `convenor \(verb.command)` from the package root and passes every argument through, with these defaults:",
        ]
        switch verb.input {
        case .firstArgument:
            lines.append("  <input>              portfolio/ (a folder of CSV files), else portfolio.xml, else portfolio.xlsx.")
            lines.append("                       To use another portfolio, give its path as the FIRST argument.")
        case .portfolioOption:
            lines.append("  --portfolio <input>  portfolio/ (a folder of CSV files), else portfolio.xml, else portfolio.xlsx.")
        }
        if verb.writesOutput {
            let folder = verb.input == .portfolioOption ? "\(outputRoot)/\(verb.command)/<workshop>/" : "\(outputRoot)/\(verb.command)/"
            lines.append("  -o <output>          \(folder) in the package root (replaced on each run; a folder holding anything Convenor did not write is left alone).")
            lines.append("  Writing needs permission: put --allow-writing-to-package-directory BEFORE the verb, as above.")
        }
        lines.append("  Relative paths are relative to the package root. Problems are also reported as SwiftPM diagnostics.")
        return lines.joined(separator: "\n")
    }
}

/// A diagnostic the tool reported (one JSON line on stderr with `--diagnostics-format json`).
struct ToolDiagnostic: Equatable, Sendable, Decodable {
    enum Severity: String, Sendable, Decodable { case error, warning, note }

    var severity: Severity
    /// Stable id, e.g. `review-overdue`; `usage` for a command line the tool did not understand.
    var code: String?
    var message: String
    /// Relative to the package root, as the tool was run there.
    var file: String?
    var line: Int?
    var column: Int?

    init(severity: Severity, code: String? = nil, message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// The message with its code, as SwiftPM shows it: `[review-overdue] …`.
    var codedMessage: String { code.map { "[\($0)] \(message)" } ?? message }

    /// The compiler-style line for the log (`file:line:column: error: [code] message`), as the tool prints it
    /// without JSON, so CI logs and editors read the same either way.
    var compilerStyle: String {
        var location = file ?? ""
        if let line, file != nil { location += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return (location.isEmpty ? "" : location + ": ") + "\(severity.rawValue): \(codedMessage)"
    }

    /// The file as an absolute path, for editors and SwiftPM (tool paths are relative to the package root).
    func absoluteFile(packageDirectory: String) -> String? {
        guard var file else { return nil }
        // A sheet of a workbook (`book.xlsx[initiatives]`) is in the workbook's file.
        if file.hasSuffix("]"), let open = file.range(of: ".xlsx[", options: [.backwards, .caseInsensitive]) {
            file = String(file[..<open.lowerBound]) + ".xlsx"
        }
        return file.hasPrefix("/") ? file : (packageDirectory as NSString).appendingPathComponent(file)
    }
}

/// One line of the tool's stderr when it runs with `--diagnostics-format json`.
enum ToolLine: Equatable {
    case diagnostic(ToolDiagnostic)
    /// The last line: the exit status and what it means.
    case ended(status: Int32, meaning: String)
    /// Anything else (summaries, progress): shown as it is.
    case text(String)

    private struct Ending: Decodable {
        var exit: Int32
        var meaning: String
    }

    static func read(_ line: some StringProtocol) -> ToolLine {
        let text = String(line)
        guard text.hasPrefix("{"), let data = text.data(using: .utf8) else { return .text(text) }
        let decoder = JSONDecoder()
        if let ending = try? decoder.decode(Ending.self, from: data) { return .ended(status: ending.exit, meaning: ending.meaning) }
        if let diagnostic = try? decoder.decode(ToolDiagnostic.self, from: data) { return .diagnostic(diagnostic) }
        return .text(text)
    }
}
