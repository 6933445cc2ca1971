// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Convenor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "convenor", targets: ["convenor"]),
        .library(name: "ConvenorCore", targets: ["ConvenorCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
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
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "convenor",
            dependencies: [
                "ConvenorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ConvenorCoreTests",
            dependencies: ["ConvenorCore"],
            exclude: []
        ),
        .testTarget(
            name: "ConvenorCLITests",
            dependencies: ["convenor", "ConvenorCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
