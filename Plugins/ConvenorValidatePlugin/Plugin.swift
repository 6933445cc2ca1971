import PackagePlugin

/// `swift package convenor-validate`: runs `convenor validate` on the package's portfolio (see Shared.swift).
@main
struct ConvenorValidatePlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try ConvenorPlugin.perform(.validate, context: context, arguments: arguments)
    }
}
