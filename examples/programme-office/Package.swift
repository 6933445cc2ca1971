// swift-tools-version: 6.1
// The Calderbrook portfolio. This package has no code of its own: it brings in Convenor's command plugins,
// so `swift package convenor-check` (and -overlap, -register, -pack, -validate) work in this folder.
import PackageDescription

let package = Package(
    name: "calderbrook-portfolio",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: "../.."),
    ]
)
