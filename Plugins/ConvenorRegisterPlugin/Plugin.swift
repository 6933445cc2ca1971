import PackagePlugin

/// `swift package convenor-register`: runs `convenor register` on the package's portfolio (see Shared.swift).
@main
struct ConvenorRegisterPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try ConvenorPlugin.perform(.register, context: context, arguments: arguments)
    }
}
