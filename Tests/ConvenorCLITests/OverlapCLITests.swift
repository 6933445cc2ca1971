import Foundation
import Testing
import ConvenorTestSupport

@Suite("convenor overlap")
struct OverlapCLITests {
    static let allFiles = ["clusters.csv", "coordination.csv", "households.csv", "index.html", "matrix.svg", "neighbourhoods.csv", "network.svg",
                           "overlap.dot", "overlap.gexf", "overlap.graphml", "overlap.json", "pairs.csv", "summary.json"]

    @Test("Writes every file of the overlap map for the example place and says what it found")
    func writesEverything() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let result = try CLIRunner.run(["overlap", "examples/northbridge/portfolio.xml", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Northbridge: 41 active initiatives, 600 overlapping pairs, 91 linked (score 0.35 or more), 8 clusters, £963,720 on repeated assessments — wrote "))
        // Not a terminal: no progress lines.
        #expect(!result.stderr.contains("convenor overlap:"))
        let written = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(written == [".convenor-manifest.json"] + Self.allFiles)
        // No staging folder left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    @Test("--format selects outputs; --min-score and --suppress-below are checked")
    func options() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let some = try CLIRunner.run(["overlap", "examples/northbridge/csv", "-o", out, "--format", "csv,svg", "--min-score", "0.5"])
        #expect(some.status == 0, "\(some.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted()
                == [".convenor-manifest.json", "clusters.csv", "coordination.csv", "households.csv", "matrix.svg", "neighbourhoods.csv", "network.svg", "pairs.csv"])

        let badFormat = try CLIRunner.run(["overlap", "examples/northbridge/csv", "-o", out, "--format", "csv,pdf"])
        #expect(badFormat.status == 64)
        #expect(badFormat.stderr.contains("unknown output kind 'pdf'; choose from csv, json, graphml, gexf, dot, svg, html or all"))
        let badScore = try CLIRunner.run(["overlap", "examples/northbridge/csv", "-o", out, "--min-score", "2"])
        #expect(badScore.status == 64)
        #expect(badScore.stderr.contains("--min-score must be between 0 and 1 (got 2.0)"))
        let badWeight = try CLIRunner.run(["overlap", "examples/northbridge/csv", "-o", out, "--weights", "reach=0.5,cost=1"])
        #expect(badWeight.status == 64)
        #expect(badWeight.stderr.contains("--weights: unknown weight 'cost'; choose from place, cohort, reach, households, outcomes, teams"))
        // The earlier output is untouched by the failed runs.
        #expect(FileManager.default.fileExists(atPath: out + "/matrix.svg"))

        let help = try CLIRunner.run(["overlap", "--help"])
        #expect(help.stdout.contains("score = (0.15·place + 0.15·cohort + 0.30·reach + 0.25·households"))
        #expect(help.stdout.contains("--suppress-below"))
    }

    @Test("A missing input is reported with exit code 74 and nothing is written")
    func missingInput() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLIRunner.run(["overlap", "no/such/portfolio.xml", "-o", dir.appendingPathComponent("out").path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("no/such/portfolio.xml"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("index.html renders in headless Chromium: pictures drawn, tables sortable, no console errors",
          .needs(.chromium, .numpy))
    func rendersInChromium() throws {
        let chromium = try #require(Tools.chromium, "Chromium is not on PATH")
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let made = try CLIRunner.run(["overlap", "examples/northbridge/portfolio.xml", "-o", out.path, "--format", "html"])
        try #require(made.status == 0, "\(made.stderr)")
        // Only index.html: the report must stand on its own.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0 != ".convenor-manifest.json" } == ["index.html"])
        let page = "file://" + out.appendingPathComponent("index.html").path
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                      "--user-data-dir=\(dir.appendingPathComponent("profile").path)"]

        let dom = try Shell.run([chromium] + common + ["--enable-logging=stderr", "--v=0", "--dump-dom", page])
        #expect(dom.status == 0, "\(dom.stderr.suffix(2000))")
        #expect(dom.stdout.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2, "both pictures are in the DOM")
        #expect(dom.stdout.contains("Cluster 1: 6 initiatives"))
        // The sorting script ran: it makes every heading focusable.
        #expect(dom.stdout.contains("tabindex=\"0\""), "the table script did not run")
        let consoleErrors = dom.stderr.split(separator: "\n").filter {
            $0.contains("CONSOLE") && ($0.contains("Uncaught") || $0.contains("Error") || $0.contains(":ERROR:"))
        }
        #expect(consoleErrors.isEmpty, "console errors: \(consoleErrors)")
        #expect(!dom.stderr.contains("Uncaught"))

        let png = dir.appendingPathComponent("page.png")
        let shot = try Shell.run([chromium] + common + ["--hide-scrollbars", "--screenshot=\(png.path)", "--window-size=1280,3000", page])
        #expect(shot.status == 0, "\(shot.stderr.suffix(2000))")
        let data = try Data(contentsOf: png)
        #expect(data.count > 100_000, "the screenshot is suspiciously small (\(data.count) bytes)")
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // The whole page, tall enough for both pictures, decoded and counted: a blank page has one or two
        // colours, and the department colours (other than the page's own blue) only appear if the network
        // picture was drawn.
        let whole = dir.appendingPathComponent("whole.png")
        let tall = try Shell.run([chromium] + common + ["--hide-scrollbars", "--screenshot=\(whole.path)", "--window-size=1280,6000", page])
        #expect(tall.status == 0, "\(tall.stderr.suffix(2000))")
        let stats = try Shell.run(["python3", "-c", PNGStats.script, whole.path])
        try #require(stats.status == 0, "\(stats.stderr)")
        let numbers = stats.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(numbers.count == 3)
        let (distinct, nonWhite, palettePixels) = (numbers[0], numbers[1], numbers[2])
        #expect(distinct > 200, "only \(distinct) colours: the page looks blank")
        #expect(nonWhite > 200_000, "only \(nonWhite) non-white pixels")
        #expect(palettePixels > 3_000, "department colours cover only \(palettePixels) pixels: the network picture did not render")
    }
}

enum PNGStats {
    /// Prints: distinct colours, non-white pixels, pixels in the network's department colours
    /// (`DepartmentPalette.colours`; none of them is the page's own blue).
    static let script = #"""
    import sys, zlib, struct
    import numpy as np
    data = open(sys.argv[1], "rb").read()
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, width * bpp + 1)
    out = np.zeros((height, width * bpp), dtype=np.uint8)
    prev = np.zeros(width * bpp, dtype=np.int32)
    for y in range(height):
        f, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        if f == 1:
            line = (np.cumsum(line.reshape(width, bpp), axis=0) % 256).reshape(-1)
        elif f == 2:
            line = (line + prev) % 256
        elif f in (3, 4):
            line = line.tolist(); up = prev.tolist()
            for x in range(len(line)):
                a = line[x - bpp] if x >= bpp else 0
                b = up[x]
                if f == 3:
                    line[x] = (line[x] + ((a + b) >> 1)) & 255
                else:
                    c = up[x - bpp] if x >= bpp else 0
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            line = np.array(line, dtype=np.int32)
        out[y] = line
        prev = line
    rgb = out.reshape(height, width, bpp)[:, :, :3].reshape(-1, 3).astype(np.int64)
    packed = (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]
    palette = [0x1965b0, 0xdc050c, 0x4eb265, 0xf6c141, 0x882e72, 0x7bafde, 0xe8601c, 0x90c987, 0xf1932d, 0xd1bbd7, 0xae76a3, 0x5289c7, 0xcae0ab, 0xf7f056]
    print(len(np.unique(packed)), int((packed != 0xffffff).sum()), int(np.isin(packed, palette).sum()))
    """#
}
