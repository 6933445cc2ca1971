import Foundation
import PackagePlugin

/// Compiles the editable data folders (schemas/, templates/, workshops/) and the example place into
/// ConvenorCore at build time, so the binary works from any directory and when copied. The folders
/// stay the only copy in git; editing them needs no script, the next build picks the change up.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    static let folders = ["schemas", "templates", "workshops"]
    /// The example place, so `convenor demo` works anywhere.
    static let exampleFiles = ["examples/northbridge/portfolio.xml", "examples/northbridge/contacts.csv"]
    static let suffixes = [".xsd", ".xml", ".mustache", ".css", ".js", ".md", ".html", ".txt", ".svg", ".json", ".csv"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let paths = try Self.folders.flatMap { try Self.dataFiles(in: $0, root: root) } + Self.exampleFiles
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [.buildCommand(
            displayName: "Embedding \(paths.count) data files into \(target.name)",
            executable: try context.tool(named: "convenor-embed").url,
            arguments: [output.path(percentEncoded: false), root.path(percentEncoded: false)] + paths,
            inputFiles: paths.map { root.appending(path: $0) },
            outputFiles: [output]
        )]
    }

    /// Repository-relative paths of the data files under `folder`, sorted; READMEs are for people.
    static func dataFiles(in folder: String, root: URL) throws -> [String] {
        let base = root.appending(path: folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path(percentEncoded: false)) else {
            throw PluginError("cannot list \(folder)/ in \(root.path(percentEncoded: false))")
        }
        return walker.compactMap { $0 as? String }
            .filter { name in
                let file = name.split(separator: "/").last.map(String.init) ?? name
                return file != "README.md" && suffixes.contains { file.hasSuffix($0) }
            }
            .map { "\(folder)/\($0)" }
            .sorted()
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
