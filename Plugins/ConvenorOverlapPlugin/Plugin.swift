import PackagePlugin

/// `swift package convenor-overlap`: runs `convenor overlap` on the package's portfolio (see Shared.swift).
@main
struct ConvenorOverlapPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try ConvenorPlugin.perform(.overlap, context: context, arguments: arguments)
    }
}
