import Foundation
import Testing
import ConvenorTestSupport

@Suite struct InitCommandTests {
    static let files = [
        ".github/workflows/convenor.yml", ".gitignore", "Package.swift", "README.md",
        "portfolio/cohorts.csv", "portfolio/funding.csv", "portfolio/initiatives.csv", "portfolio/neighbourhoods.csv",
        "portfolio/organisations.csv", "portfolio/outcomes.csv", "portfolio/place.csv", "portfolio/teams.csv",
    ]

    @Test func createsARepositoryWhosePortfolioValidates() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let office = tmp.appendingPathComponent("northfield-office").path
        let result = try CLIRunner.run(["init", office, "--place", "Northfield", "--convenor-path", CLIRunner.root.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Created a programme office repository for Northfield in \(office):\n"
                + Self.files.map { "  \($0)\n" }.joined()
                + "Next, check the starter portfolio, then replace it with your own (see README.md):\n  cd \(office)\n  swift package convenor-check\n")
        #expect(result.stderr == "")

        let validated = try CLIRunner.run(["validate", office + "/portfolio"])
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout == "Northfield: 5 initiatives, 4 neighbourhoods, 5 teams — 0 errors, 0 warnings\n")
    }

    @Test func refusesToOverwriteAndListsTheFiles() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let office = tmp.appendingPathComponent("office").path
        #expect(try CLIRunner.run(["init", office, "--convenor-path", CLIRunner.root.path]).status == 0)
        try Data("our own notes\n".utf8).write(to: URL(fileURLWithPath: office + "/README.md"))

        let again = try CLIRunner.run(["init", office, "--convenor-path", CLIRunner.root.path])
        #expect(again.status == 74)
        #expect(again.stdout == "")
        #expect(again.stderr == "\(office): error: 12 files are already there, so nothing was written (move them away or choose another folder):\n"
                + Self.files.map { "  \($0)\n" }.joined())
        #expect(try String(contentsOfFile: office + "/README.md", encoding: .utf8) == "our own notes\n")
    }

    @Test func needsToKnowWhereConvenorComesFrom() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let none = try CLIRunner.run(["init", tmp.appendingPathComponent("a").path])
        #expect(none.status == 64)
        #expect(none.stderr.hasPrefix("Error: say where the repository gets Convenor from: --convenor-path PATH (a checkout on this computer) or --convenor-url URL\n"))
        let notACheckout = try CLIRunner.run(["init", tmp.appendingPathComponent("b").path, "--convenor-path", tmp.path])
        #expect(notACheckout.status == 64)
        #expect(notACheckout.stderr.hasPrefix("Error: --convenor-path \(tmp.path) has no Package.swift; give the folder of a Convenor checkout\n"))
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("a").path))
    }

    @Test func aRelativeCheckoutPathIsKeptRelativeToTheNewRepository() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("convenor"), withIntermediateDirectories: true)
        try Data().write(to: tmp.appendingPathComponent("convenor/Package.swift"))
        let result = try CLIRunner.run(["init", "offices/east", "--convenor-path", "convenor"], in: tmp)
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try String(contentsOf: tmp.appendingPathComponent("offices/east/Package.swift"), encoding: .utf8)
        #expect(manifest.contains("        .package(path: \"../../convenor\"),\n"))
    }

    /// The generated manifest is one SwiftPM accepts, naming the package and the Convenor checkout.
    @Test func theGeneratedPackageSwiftIsAValidManifest() throws {
        let tmp = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let office = tmp.appendingPathComponent("office").path
        #expect(try CLIRunner.run(["init", office, "--place", "Brighton & Hove", "--convenor-path", CLIRunner.root.path]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "dump-package", "--package-path", office]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["name"] as? String == "brighton-hove-portfolio")
        let dependencies = try #require(manifest["dependencies"] as? [[String: [[String: Any]]]])
        #expect(dependencies.first?["fileSystem"]?.first?["path"] as? String == CLIRunner.root.standardizedFileURL.path)
    }
}
