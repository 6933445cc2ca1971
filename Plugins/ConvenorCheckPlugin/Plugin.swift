import PackagePlugin

/// `swift package convenor-check`: runs `convenor check` on the package's portfolio (see Shared.swift).
@main
struct ConvenorCheckPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try ConvenorPlugin.perform(.check, context: context, arguments: arguments)
    }
}
