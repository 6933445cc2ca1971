@testable import ConvenorLive
import Foundation
import Testing

let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("QR codes for the join address")
struct QRCodeTests {
    @Test("Reed–Solomon codewords match the worked example of version 1-M (HELLO WORLD)")
    func reedSolomonVector() {
        // Data codewords of "HELLO WORLD" at 1-M and their ten error correction codewords, from the
        // standard's worked example (as reproduced in thonky.com's QR tutorial).
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        let ec = QRCode.ReedSolomon.remainder(data, divisor: QRCode.ReedSolomon.divisor(degree: 10))
        #expect(ec == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test("sizes, finder patterns and the version chosen for the text's length")
    func structure() throws {
        let short = try QRCode(text: "http://192.168.1.20:8080/?room=K7QF2M")
        #expect(short.version == 3)
        #expect(short.size == 29)
        // The top-left finder: a dark 7×7 ring around a light ring around a dark 3×3 centre.
        #expect(short.modules[0][0] && short.modules[0][6] && short.modules[6][0] && !short.modules[1][1] && short.modules[3][3])
        #expect(try QRCode(text: String(repeating: "a", count: 200)).version == 10)
        #expect(throws: QRCode.EncodingError.self) { try QRCode(text: String(repeating: "a", count: QRCode.maximumBytes + 1)) }
    }

    @Test("the SVG escapes its title and draws only dark modules")
    func svg() throws {
        let svg = try QRCode(text: "x").svg(title: "<b>")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("&lt;b&gt;"))
        #expect(!svg.contains("<b>"))
    }

    /// Writes the code as a PBM picture (4 pixels a module, quiet zone included) and reads it back with zbarimg.
    func decode(_ code: QRCode) throws -> String {
        let scale = 4, border = 4
        let side = (code.size + 2 * border) * scale
        var pbm = "P1\n\(side) \(side)\n"
        for y in 0..<side {
            var row: [String] = []
            for x in 0..<side {
                let mx = x / scale - border, my = y / scale - border
                let dark = (0..<code.size).contains(mx) && (0..<code.size).contains(my) && code.modules[my][mx]
                row.append(dark ? "1" : "0")
            }
            pbm += row.joined(separator: " ") + "\n"
        }
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("qr-\(UUID().uuidString).pbm")
        try pbm.write(toFile: path, atomically: true, encoding: .ascii)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg!)
        process.arguments = ["--quiet", "--raw", "-Sbinary", path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("zbarimg reads back every version from 1 to 10", .enabled(if: zbarimg != nil, "needs zbarimg (Debian zbar-tools)"))
    func decodesWithZbar() throws {
        for length in [5, 20, 40, 60, 80, 100, 120, 150, 180, 210] {
            var text = "http://10.0.0.1:8080/?room="
            var i = 0
            while text.utf8.count < length { text += String("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".randomElement()!); i += 1 }
            if text.utf8.count > length { text = String(text.prefix(length)) }
            let code = try QRCode(text: text)
            #expect(try decode(code) == text, "version \(code.version), mask \(code.mask)")
        }
        let unicode = "https://example.org/café?x=ü"
        #expect(try decode(try QRCode(text: unicode)) == unicode)
    }
}
