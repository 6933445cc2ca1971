import Foundation
import PackagePlugin

/// Compiles Live/assets/ (page templates, CSS, scripts) into ConvenorLive at build time, so the server
/// serves every file itself from any directory. The folder stays the only copy in git: edit it, and the
/// next build picks the change up.
@main
struct EmbedAssetsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let assets = context.package.directoryURL.appending(path: "assets")
        let names = try FileManager.default.contentsOfDirectory(atPath: assets.path(percentEncoded: false))
            .filter { !$0.hasPrefix(".") }
            .sorted()
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAssets.swift")
        return [.buildCommand(
            displayName: "Embedding \(names.count) page assets into \(target.name)",
            executable: try context.tool(named: "live-embed").url,
            arguments: [output.path(percentEncoded: false), assets.path(percentEncoded: false)] + names,
            inputFiles: names.map { assets.appending(path: $0) },
            outputFiles: [output]
        )]
    }
}
