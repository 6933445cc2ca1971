import ArgumentParser
import ConvenorCore
import Foundation

/// The portfolio every analysing command reads.
struct PortfolioInput: ParsableArguments {
    @Argument(help: ArgumentHelp("The portfolio: a .xml file, a folder of CSV files or an .xlsx workbook with a sheet per table.", valueName: "input"))
    var input: String
}

enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--force`, for every command that writes output (the rule itself is `OutputFolder`'s, in ConvenorCore).
struct ForceOption: ParsableArguments {
    @Flag(help: ArgumentHelp("Replace the output even if it holds files Convenor did not write. Never replaces /, your home folder, the current folder (or one holding it) or a folder with a .git inside."))
    var force = false
}

/// `--templates DIR`: the user's own templates, for every command that writes HTML or Markdown.
struct TemplatesOption: ParsableArguments {
    @Option(help: ArgumentHelp("A folder of your own templates; any file there replaces the built-in one of the same name (e.g. report/register.html.mustache or shared/convenor.css).", valueName: "dir"))
    var templates: String?

    func validate() throws {
        if let templates {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: templates, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--templates '\(templates)' is not a folder; give the folder that holds your templates")
            }
        }
    }

    var source: TemplateSource { TemplateSource(directory: templates) }
}
