// swift-tools-version: 6.1
// The live workshop room (`convenor live`): a web server for phones in the room, with its own
// dependencies (Hummingbird, GRDB). It is a separate package so that programme offices, whose CI builds
// the root package through the plugins, never resolve or build the server stack (docs/decisions.md, issue 16).
import PackageDescription

let package = Package(
    name: "ConvenorLive",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "convenor-live", targets: ["convenor-live"]),
        .library(name: "ConvenorLive", targets: ["ConvenorLive"]),
    ],
    dependencies: [
        .package(name: "Convenor", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The room: activities, ballots, tallies, durable state, the HTTP API and pages, export.
        .target(
            name: "ConvenorLive",
            dependencies: [
                .product(name: "ConvenorCore", package: "Convenor"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // `convenor-live run|export|purge`; `convenor live …` forwards here.
        .executableTarget(
            name: "convenor-live",
            dependencies: [
                "ConvenorLive",
                .product(name: "ConvenorCore", package: "Convenor"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ConvenorLiveTests",
            dependencies: [
                "ConvenorLive",
                "convenor-live",
                .product(name: "ConvenorCore", package: "Convenor"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
