import Foundation
import Testing
import ConvenorTestSupport

@Suite("convenor demo")
struct DemoCommandTests {
    @Test func writesEveryOutputFromAnyDirectory() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Run from an empty folder: the example place is built into the tool.
        let r = try CLIRunner.run(["demo", "-o", "out"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Convenor demo — wrote out/\n  validate: Northbridge: 45 initiatives"))
        for path in ["portfolio/portfolio.xml", "portfolio/contacts.csv", "overlap/index.html", "overlap/pairs.csv",
                     "register/register.html", "register/register.xlsx", "pack-pilot-review/index.html",
                     "pack-pilot-review/slides.pptx", "pack-pilot-review/pack.zip"] {
            let url = dir.appendingPathComponent("out").appendingPathComponent(path)
            #expect((try? url.checkResourceIsReachable()) == true, "demo did not write \(path)")
        }
        // The written example is a usable portfolio in its own right.
        let again = try CLIRunner.run(["validate", dir.appendingPathComponent("out/portfolio/portfolio.xml").path])
        #expect(again.status == 0)
    }
}
