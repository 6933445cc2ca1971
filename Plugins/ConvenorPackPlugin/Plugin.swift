import PackagePlugin

/// `swift package convenor-pack`: runs `convenor pack` on the package's portfolio (see Shared.swift).
@main
struct ConvenorPackPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try ConvenorPlugin.perform(.pack, context: context, arguments: arguments)
    }
}
