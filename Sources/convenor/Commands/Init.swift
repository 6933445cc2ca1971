import ArgumentParser
import ConvenorCore
import Foundation

extension Convenor {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Creates a programme office repository: a starter CSV portfolio, a Package.swift using Convenor's plugins, a CI workflow and a README.",
            discussion: """
            DIRECTORY may already exist (e.g. an empty git repository), but none of the files may: init never replaces a file.
            Say where the new repository gets Convenor from: --convenor-path for a local checkout, or --convenor-url
            (with --convenor-version, default \(ConvenorVersion.current)) for a git repository.
            Then: cd DIRECTORY && swift package convenor-check
            """
        )

        @Argument(help: ArgumentHelp("The folder to create the repository in.", valueName: "directory"))
        var directory: String

        @Option(help: ArgumentHelp("The place's name, used in the portfolio, the README and the package name.", valueName: "name"))
        var place: String = OfficeScaffold.defaultPlace

        @Option(name: .customLong("convenor-path"),
                help: ArgumentHelp("A Convenor checkout on this computer (a relative path is kept relative to the new repository).", valueName: "path"))
        var convenorPath: String?

        @Option(name: .customLong("convenor-url"), help: ArgumentHelp("Convenor's git URL, for repositories used on other computers and in CI.", valueName: "url"))
        var convenorURL: String?

        @Option(name: .customLong("convenor-version"), help: ArgumentHelp("The lowest Convenor version to accept, with --convenor-url.", valueName: "version"))
        var convenorVersion: String?

        @Flag(help: "Write the starter portfolio as one Excel workbook, portfolio.xlsx (a sheet per table), instead of the portfolio/ folder of CSV files.")
        var workbook = false

        func validate() throws {
            switch (convenorPath, convenorURL) {
            case (nil, nil):
                throw ValidationError("say where the repository gets Convenor from: --convenor-path PATH (a checkout on this computer) or --convenor-url URL")
            case (.some, .some):
                throw ValidationError("give --convenor-path or --convenor-url, not both")
            case (.some, nil) where convenorVersion != nil:
                throw ValidationError("--convenor-version goes with --convenor-url; a --convenor-path checkout is used as it is")
            default: break
            }
            if let problem = OfficeScaffold.problem(withPlaceName: place) { throw ValidationError(problem) }
            if let convenorPath, !FileManager.default.fileExists(atPath: (convenorPath as NSString).appendingPathComponent("Package.swift")) {
                throw ValidationError("--convenor-path \(convenorPath) has no Package.swift; give the folder of a Convenor checkout")
            }
        }

        func run() throws {
            try reportingErrors {
                let source: OfficeScaffold.ConvenorSource
                if let convenorPath {
                    source = .path(Self.dependencyPath(convenorPath, forRepositoryAt: directory))
                } else {
                    source = .url(convenorURL ?? "", version: convenorVersion ?? ConvenorVersion.current)
                }
                let scaffold = OfficeScaffold(place: place, convenor: source)
                let files = try scaffold.render(workbook: workbook)
                try OutputFolder.addNewFiles(files, to: directory)
                var text = "Created a programme office repository for \(place) in \(directory):\n"
                for file in files { text += "  \(file.path)\n" }
                text += """
                Next, check the starter portfolio, then replace it with your own (see README.md):
                  cd \(directory)
                  swift package convenor-check

                """
                Terminal.writeStdout(text)
            }
        }

        /// A relative checkout path is given from here; the package needs it from the new repository.
        static func dependencyPath(_ path: String, forRepositoryAt directory: String) -> String {
            if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
            let here = FileManager.default.currentDirectoryPath
            let absolute = { (p: String) in p.hasPrefix("/") ? p : (here as NSString).appendingPathComponent(p) }
            return OfficeScaffold.relativePath(of: absolute(path), from: absolute(directory))
        }
    }
}
