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

    static func toolFailed(verb: ConvenorVerb, status: Int32, errors: Int) -> PluginFailure {
        let meaning: String
        switch status {
        case 1: meaning = "the check found problems that fail the build"
        case 64: meaning = "the command line was not understood; see swift package \(verb.pluginVerb) --help"
        case 65: meaning = "the portfolio has errors that must be fixed first"
        case 73: meaning = "the output folder holds files Convenor did not write, so it was left alone"
        case 74: meaning = "a file could not be read or written"
        default: meaning = "it stopped unexpectedly"
        }
        let count = errors == 0 ? "" : " (\(errors) error\(errors == 1 ? "" : "s") above)"
        return PluginFailure(description: "convenor \(verb.command) failed with exit code \(status): \(meaning)\(count)")
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

    /// - Parameters:
    ///   - arguments: what the user typed after the verb, passed through unchanged except for the defaults.
    ///   - exists: whether a path relative to the package root exists.
    static func plan(_ verb: ConvenorVerb, arguments: [String], packageDirectory: String,
                     exists: (String) -> Bool) throws(PluginFailure) -> PluginInvocation {
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) {
            return .help(toolArguments: [verb.command, "--help"])
        }
        var toolArguments = [verb.command]
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

/// A line the tool printed in the compiler style: `file:line:column: error: [code] message`,
/// `file:line: warning: …`, `file: error: …` or `error: …`.
struct ToolDiagnostic: Equatable, Sendable {
    enum Severity: String, Sendable, CaseIterable { case error, warning, note }

    var severity: Severity
    var file: String?
    var line: Int?
    var column: Int?
    /// The rest of the line, including the `[code]`.
    var message: String

    init(severity: Severity, file: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// Reads one line of the tool's output; nil when it is not a diagnostic.
    static func parse(_ text: some StringProtocol) -> ToolDiagnostic? {
        let line = String(text).trimmingCharacters(in: .whitespacesAndNewlines)
        for severity in Severity.allCases where line.hasPrefix("\(severity.rawValue): ") {
            return ToolDiagnostic(severity: severity, message: String(line.dropFirst(severity.rawValue.count + 2)))
        }
        // The earliest " severity: " marker ends the location (a message may itself contain one).
        let found = Severity.allCases.compactMap { severity in
            line.range(of: ": \(severity.rawValue): ").map { (severity, $0) }
        }.min { $0.1.lowerBound < $1.1.lowerBound }
        guard let (severity, marker) = found else { return nil }
        var location = String(line[..<marker.lowerBound])
        // A workbook cell ends with its column letter: `book.xlsx[initiatives]:5:3 (C)`.
        if location.hasSuffix(")"), let open = location.range(of: " (", options: .backwards),
           location[open.upperBound...].dropLast().allSatisfy({ $0.isASCII && $0.isUppercase }) {
            location = String(location[..<open.lowerBound])
        }
        let message = String(line[marker.upperBound...])
        var parts = location.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var numbers: [Int] = []
        while parts.count > 1, numbers.count < 2, let last = parts.last, let n = Int(last), n >= 0 {
            numbers.insert(n, at: 0)
            parts.removeLast()
        }
        let file = parts.joined(separator: ":")
        // A location is a path: never empty, no spaces at either end, and a path with spaces only when a
        // line number follows (so "Found 2 problems: error: …" stays ordinary text).
        guard !file.isEmpty, file.trimmingCharacters(in: .whitespaces) == file,
              !numbers.isEmpty || !file.contains(" ") else { return nil }
        return ToolDiagnostic(severity: severity, file: file,
                              line: numbers.first, column: numbers.count > 1 && numbers[1] > 0 ? numbers[1] : nil,
                              message: message)
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
