/// The schemas, templates, workshop definitions and example place compiled into the binary, so `convenor`
/// works from any directory and when copied. The top-level folders are their only source: the
/// EmbedResources build-tool plugin (Plugins/EmbedResourcesPlugin) turns them into Swift at build time.
public enum BuiltInResources {
    /// The text of a built-in file, by its path in the repository (e.g. `schemas/portfolio.xsd`).
    public static func text(_ path: String) -> String? { EmbeddedResources.files[path] }

    /// Paths of the built-in files under a folder, sorted.
    public static func paths(under folder: String) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return EmbeddedResources.files.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Every embedded file, by its path in the repository.
    public static var all: [String: String] { EmbeddedResources.files }
}

extension XMLSchema {
    /// The portfolio schema (schemas/portfolio.xsd), compiled once.
    public static let portfolio: XMLSchema = {
        do {
            return try XMLSchema(contents: BuiltInResources.text("schemas/portfolio.xsd")!, name: "schemas/portfolio.xsd")
        } catch {
            // The schema ships inside the binary and is covered by tests; failing here is a build defect.
            fatalError("built-in portfolio schema does not compile: \(error)")
        }
    }()
}
