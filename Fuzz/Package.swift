// swift-tools-version: 6.1
// libFuzzer targets for Convenor's readers. Kept out of the main package so that `swift build` and
// `swift test` never need the fuzzer runtime. Build and run with `Fuzz/run` (see docs/security.md).
import PackageDescription

let fuzzers = ["fuzz-xml", "fuzz-csv", "fuzz-rules", "fuzz-analyses", "fuzz-workshop", "fuzz-output"]

let package = Package(
    name: "ConvenorFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Convenor", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "ConvenorCore", package: "Convenor")]),
    ] + fuzzers.map { name in
        // Only the fuzzers link libFuzzer (its main drives them) and are parsed as libraries; the rest of
        // the build, the main package's build tools included, gets only ASan and coverage from Fuzz/run.
        .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "ConvenorCore", package: "Convenor")],
                          swiftSettings: [.unsafeFlags(["-parse-as-library", "-sanitize=fuzzer,address"])],
                          linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])])
    },
    swiftLanguageModes: [.v6]
)
