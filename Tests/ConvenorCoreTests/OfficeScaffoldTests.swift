import Foundation
import Testing
import ConvenorTestSupport
@testable import ConvenorCore

@Suite struct OfficeScaffoldTests {
    static let expectedFiles = [
        ".github/workflows/convenor.yml", ".gitignore", "Package.swift", "README.md",
        "portfolio/cohorts.csv", "portfolio/funding.csv", "portfolio/initiatives.csv", "portfolio/neighbourhoods.csv",
        "portfolio/organisations.csv", "portfolio/outcomes.csv", "portfolio/place.csv", "portfolio/teams.csv",
    ]

    func text(_ files: [RenderedFile], _ path: String) -> String {
        files.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) } ?? "<missing \(path)>"
    }

    @Test func writesTheRepositoryFiles() throws {
        let files = try OfficeScaffold(convenor: .path("../..")).render()
        #expect(files.map(\.path) == Self.expectedFiles)
    }

    @Test func packageSwiftDependsOnConvenorByPathOrURL() throws {
        let byPath = text(try OfficeScaffold(convenor: .path("../..")).render(), "Package.swift")
        #expect(byPath.contains("    name: \"calderbrook-portfolio\",\n"))
        #expect(byPath.contains("    dependencies: [\n        .package(path: \"../..\"),\n    ]\n"))
        let byURL = text(try OfficeScaffold(convenor: .url("https://git.example.org/convenor.git", version: "0.2.0")).render(), "Package.swift")
        #expect(byURL.contains("    dependencies: [\n        .package(url: \"https://git.example.org/convenor.git\", from: \"0.2.0\"),\n    ]\n"))
        #expect(!byURL.contains(".package(path:"))
    }

    @Test func thePlaceNameIsEscapedForEachFile() throws {
        let files = try OfficeScaffold(place: "Bristol, \"City\" of", convenor: .path("/opt/con\"venor")).render()
        #expect(text(files, "portfolio/place.csv") == "name,code,as-of,currency\n\"Bristol, \"\"City\"\" of\",,2026-11-01,GBP\n")
        #expect(text(files, "portfolio/organisations.csv").contains("council,\"Bristol, \"\"City\"\" of Council\",local-government\n"))
        #expect(text(files, "Package.swift").contains("name: \"bristol-city-of-portfolio\","))
        #expect(text(files, "Package.swift").contains(".package(path: \"/opt/con\\\"venor\"),"))
        #expect(text(files, "README.md").hasPrefix("# Bristol, \"City\" of portfolio\n"))
    }

    @Test func theStarterPortfolioReadsWithoutProblems() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputFolder.write(try OfficeScaffold(place: "Kingston upon Hull, City of", convenor: .path("../..")).render(),
                               to: dir.appendingPathComponent("office").path)
        let result = try PortfolioLoader.read(dir.appendingPathComponent("office/portfolio").path)
        #expect(result.diagnostics.map(\.description) == [])
        let portfolio = try #require(result.loaded?.portfolio)
        #expect(portfolio.place.name == "Kingston upon Hull, City of")
        #expect(portfolio.initiatives.map(\.id) == ["warm-spaces", "family-hubs", "social-prescribing", "money-advice-outreach", "youth-hub"])
    }

    @Test func theWorkflowRunsTheCheckAndPublishesTheOutputs() throws {
        let workflow = text(try OfficeScaffold(convenor: .path("../..")).render(), ".github/workflows/convenor.yml")
        #expect(workflow.hasPrefix("# Runs Convenor"))
        #expect(workflow.contains("run: swift package convenor-check --format github\n"))
        #expect(workflow.contains("run: swift package --allow-writing-to-package-directory convenor-overlap\n"))
        #expect(workflow.contains("path: convenor-out/\n"))
        #expect(workflow.contains("key: convenor-build-${{ hashFiles('Package.swift', 'Package.resolved') }}\n"))
    }

    @Test func placeNamesThatCannotBeUsed() {
        #expect(OfficeScaffold.problem(withPlaceName: "Brighton & Hove") == nil)
        #expect(OfficeScaffold.problem(withPlaceName: "  ") == "the place name is empty; give one, e.g. --place \"Calderbrook\"")
        #expect(OfficeScaffold.problem(withPlaceName: "Two\nlines") == "the place name contains a line break or another control character; give it on one line")
        #expect(OfficeScaffold(place: "Ynys Môn", convenor: .path(".")).packageName == "ynys-m-n-portfolio")
        #expect(OfficeScaffold(place: "東京", convenor: .path(".")).packageName == "portfolio")
    }

    @Test func relativePaths() {
        #expect(OfficeScaffold.relativePath(of: "/work/convenor", from: "/work/convenor/examples/programme-office") == "../..")
        #expect(OfficeScaffold.relativePath(of: "/work/convenor", from: "/tmp/office") == "../../work/convenor")
        #expect(OfficeScaffold.relativePath(of: "/work/convenor/./", from: "/work/convenor") == ".")
    }

    @Test func addNewFilesRefusesToReplaceAnyFileAndWritesNothing() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("mine\n".utf8).write(to: dir.appendingPathComponent("README.md"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("portfolio"), withIntermediateDirectories: true)
        try Data("name\nMine\n".utf8).write(to: dir.appendingPathComponent("portfolio/place.csv"))
        let files = try OfficeScaffold(convenor: .path("..")).render()
        let error = #expect(throws: FileError.self) { try OutputFolder.addNewFiles(files, to: dir.path) }
        #expect(error?.description == """
            \(dir.path): error: 2 files are already there, so nothing was written (move them away or choose another folder):
              README.md
              portfolio/place.csv
            """)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path))
        #expect(try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8) == "mine\n")
    }

    @Test func addNewFilesFillsAnExistingFolder() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("keep\n".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        try OutputFolder.addNewFiles(try OfficeScaffold(convenor: .path("..")).render(), to: dir.path)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("portfolio/initiatives.csv").path))
        #expect(try String(contentsOf: dir.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep\n")
    }

    /// examples/programme-office is init's output with documented edits; the rest must not drift from the templates.
    @Test func theExampleConsumerIsInitsOutput() throws {
        let example = TestSupport.root.appendingPathComponent("examples/programme-office")
        let edited: Set<String> = ["README.md", ".gitignore", "portfolio/initiatives.csv"]
        for file in try OfficeScaffold(convenor: .path("../..")).render() where !edited.contains(file.path) {
            let onDisk = FileManager.default.contents(atPath: example.appendingPathComponent(file.path).path)
            #expect(onDisk == file.contents, "examples/programme-office/\(file.path) differs from convenor init's output")
        }
    }
}
