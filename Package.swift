// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Convenor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "convenor", targets: ["convenor"]),
        .library(name: "ConvenorCore", targets: ["ConvenorCore"]),
        // Command plugins for programme offices: `swift package convenor-check` etc. in their own repository.
        .plugin(name: "convenor-overlap", targets: ["ConvenorOverlapPlugin"]),
        .plugin(name: "convenor-register", targets: ["ConvenorRegisterPlugin"]),
        .plugin(name: "convenor-pack", targets: ["ConvenorPackPlugin"]),
        .plugin(name: "convenor-check", targets: ["ConvenorCheckPlugin"]),
        .plugin(name: "convenor-validate", targets: ["ConvenorValidatePlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Reference documentation: `swift package generate-documentation --target ConvenorCore` (issue 18).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // libxml2, seen only by ConvenorCore's XML wrapper.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // The toolkit: model, readers, analyses, renderers. Knows nothing of the command line.
        .target(
            name: "ConvenorCore",
            dependencies: [
                "CLibXML2",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // schemas/, templates/, workshops/ and the example place, compiled in at build time.
            plugins: ["EmbedResourcesPlugin"]
        ),
        // --- Build-time embedding (issue 12) ------------------------------------------------------
        // The tool and build-tool plugin that write EmbeddedResources.swift into the build folder.
        .executableTarget(name: "convenor-embed"),
        .plugin(name: "EmbedResourcesPlugin", capability: .buildTool(), dependencies: ["convenor-embed"]),
        // --- end build-time embedding ---------------------------------------------------------------
        .executableTarget(
            name: "convenor",
            dependencies: [
                "ConvenorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Command plugins: thin adapters over `convenor`. Their shared code lives in
        // Plugins/ConvenorPluginShared/ and is symlinked into each plugin's folder.
        .plugin(
            name: "ConvenorOverlapPlugin",
            capability: .command(
                intent: .custom(verb: "convenor-overlap", description: "Writes the overlap map of the portfolio to convenor-out/overlap/."),
                permissions: [.writeToPackageDirectory(reason: "The overlap map is written to convenor-out/overlap/ (or -o DIR) in this package.")]
            ),
            dependencies: ["convenor"]
        ),
        .plugin(
            name: "ConvenorRegisterPlugin",
            capability: .command(
                intent: .custom(verb: "convenor-register", description: "Writes the pilot stop/start register to convenor-out/register/."),
                permissions: [.writeToPackageDirectory(reason: "The register is written to convenor-out/register/ (or -o DIR) in this package.")]
            ),
            dependencies: ["convenor"]
        ),
        .plugin(
            name: "ConvenorPackPlugin",
            capability: .command(
                intent: .custom(verb: "convenor-pack", description: "Builds a workshop pack from the portfolio in convenor-out/pack/WORKSHOP/."),
                permissions: [.writeToPackageDirectory(reason: "The workshop pack is written to convenor-out/pack/WORKSHOP/ (or -o DIR) in this package.")]
            ),
            dependencies: ["convenor"]
        ),
        .plugin(
            name: "ConvenorCheckPlugin",
            capability: .command(
                intent: .custom(verb: "convenor-check", description: "Fails when pilot decisions are overdue or the portfolio has errors (the CI gate)."),
                permissions: []
            ),
            dependencies: ["convenor"]
        ),
        .plugin(
            name: "ConvenorValidatePlugin",
            capability: .command(
                intent: .custom(verb: "convenor-validate", description: "Checks the portfolio's schema, references and dates."),
                permissions: []
            ),
            dependencies: ["convenor"]
        ),
        // --- Tests (issues 18 and 20) ---------------------------------------------------------------
        // Helpers every test target shares: paths, goldens, running the CLI (also under ulimit), the
        // environment requirements behind `.needs(...)`, CSV tables, zip entries. Not a product.
        .target(
            name: "ConvenorTestSupport",
            dependencies: ["ConvenorCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/ConvenorTestSupport"
        ),
        .testTarget(
            name: "ConvenorCoreTests",
            dependencies: ["ConvenorCore", "ConvenorTestSupport"]
        ),
        .testTarget(
            name: "ConvenorCLITests",
            dependencies: ["convenor", "ConvenorCore", "ConvenorTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Compiles the plugins' shared logic (a symlink to Plugins/ConvenorPluginShared/PluginInvocation.swift),
        // and runs the built tool to check what it writes for the plugins.
        .testTarget(name: "ConvenorPluginTests", dependencies: ["convenor"]),
    ],
    swiftLanguageModes: [.v6]
)
