import ConvenorCore

/// A QR code (ISO/IEC 18004) for a short text such as the room's join address: byte mode, error
/// correction level M, versions 1 to 10 (up to 213 bytes), which is all a join URL needs.
///
/// No Swift package on the build machines makes QR codes, so this is a small encoder of its own; tests
/// decode its output with `zbarimg`.
public struct QRCode: Sendable, Equatable {
    /// 1...10.
    public let version: Int
    /// Modules per side (without the quiet zone).
    public let size: Int
    /// The mask pattern chosen (0...7).
    public let mask: Int
    /// `modules[row][column]`, true for dark.
    public let modules: [[Bool]]

    public enum EncodingError: Error, Equatable, CustomStringConvertible {
        case tooLong(bytes: Int, limit: Int)
        public var description: String {
            switch self {
            case .tooLong(let bytes, let limit): "the text is \(bytes) bytes; a QR code here holds at most \(limit)"
            }
        }
    }

    /// Error correction level M for versions 1...10: (EC codewords per block, [(blocks, data codewords per block)]).
    private static let blockLayout: [(ec: Int, groups: [(blocks: Int, data: Int)])] = [
        (10, [(1, 16)]), (16, [(1, 28)]), (26, [(1, 44)]), (18, [(2, 32)]), (24, [(2, 43)]),
        (16, [(4, 27)]), (18, [(4, 31)]), (22, [(2, 38), (2, 39)]), (22, [(3, 36), (2, 37)]), (26, [(4, 43), (1, 44)]),
    ]
    /// Centre coordinates of the alignment patterns, per version.
    private static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]
    /// Level M's two format bits.
    private static let formatBitsM = 0

    private static func dataCodewords(_ version: Int) -> Int {
        blockLayout[version - 1].groups.reduce(0) { $0 + $1.blocks * $1.data }
    }

    private static func countBits(_ version: Int) -> Int { version < 10 ? 8 : 16 }

    /// The most bytes that fit in the largest version supported.
    public static var maximumBytes: Int { (dataCodewords(10) * 8 - 4 - countBits(10)) / 8 }

    public init(text: String) throws {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { 4 + Self.countBits($0) + bytes.count * 8 <= Self.dataCodewords($0) * 8 }) else {
            throw EncodingError.tooLong(bytes: bytes.count, limit: Self.maximumBytes)
        }
        var grid = Grid(version: version)
        grid.drawFunctionPatterns()
        grid.drawCodewords(Self.codewords(bytes, version: version))
        // Keep the mask with the lowest penalty; any mask decodes, this only makes scanning easier.
        var best: (mask: Int, penalty: Int, modules: [[Bool]])?
        for mask in 0..<8 {
            var candidate = grid
            candidate.applyMask(mask)
            candidate.drawFormatBits(mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (mask, penalty, candidate.modules) }
        }
        self.version = version
        self.size = grid.size
        self.mask = best!.mask
        self.modules = best!.modules
    }

    // MARK: - Data and error correction

    /// Mode, count, data, terminator and padding, split into blocks with Reed–Solomon codewords, interleaved.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version))
        for b in bytes { bits.append(Int(b), count: 8) }
        let capacity = dataCodewords(version) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < dataCodewords(version) {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }

        let layout = blockLayout[version - 1]
        let divisor = ReedSolomon.divisor(degree: layout.ec)
        var blocks: [[UInt8]] = []
        var offset = 0
        for group in layout.groups {
            for _ in 0..<group.blocks {
                blocks.append(Array(data[offset..<offset + group.data]))
                offset += group.data
            }
        }
        let ec = blocks.map { ReedSolomon.remainder($0, divisor: divisor) }
        var result: [UInt8] = []
        for i in 0..<(blocks.map(\.count).max() ?? 0) {
            for block in blocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<layout.ec {
            for block in ec { result.append(block[i]) }
        }
        return result
    }

    private struct BitBuffer {
        var bits: [Bool] = []
        var count: Int { bits.count }
        mutating func append(_ value: Int, count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        var bytes: [UInt8] {
            stride(from: 0, to: bits.count, by: 8).map { start in
                (0..<8).reduce(UInt8(0)) { acc, i in acc << 1 | (start + i < bits.count && bits[start + i] ? 1 : 0) }
            }
        }
    }

    enum ReedSolomon {
        /// Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1.
        static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
            var z = 0
            for i in stride(from: 7, through: 0, by: -1) {
                z = (z << 1) ^ ((z >> 7) * 0x11D)
                z ^= ((Int(y) >> i) & 1) * Int(x)
            }
            return UInt8(z)
        }

        /// Coefficients of the generator polynomial (x − α⁰)…(x − α^(degree−1)), highest first, leading 1 dropped.
        static func divisor(degree: Int) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: degree)
            result[degree - 1] = 1
            var root: UInt8 = 1
            for _ in 0..<degree {
                for j in 0..<degree {
                    result[j] = multiply(result[j], root)
                    if j + 1 < degree { result[j] ^= result[j + 1] }
                }
                root = multiply(root, 0x02)
            }
            return result
        }

        static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: divisor.count)
            for b in data {
                let factor = b ^ result.removeFirst()
                result.append(0)
                for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
            }
            return result
        }
    }

    // MARK: - The symbol

    private struct Grid {
        let version: Int
        let size: Int
        var modules: [[Bool]]
        var isFunction: [[Bool]]

        init(version: Int) {
            self.version = version
            size = version * 4 + 17
            modules = Array(repeating: Array(repeating: false, count: size), count: size)
            isFunction = modules
        }

        mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
            modules[y][x] = dark
            isFunction[y][x] = true
        }

        mutating func drawFunctionPatterns() {
            for i in 0..<size {
                set(6, i, i % 2 == 0)
                set(i, 6, i % 2 == 0)
            }
            for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
                for dy in -4...4 {
                    for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                        let distance = max(abs(dx), abs(dy))
                        set(x + dx, y + dy, distance != 2 && distance != 4)
                    }
                }
            }
            let centres = QRCode.alignmentCentres[version - 1]
            for (i, cx) in centres.enumerated() {
                for (j, cy) in centres.enumerated() {
                    let last = centres.count - 1
                    if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                    for dy in -2...2 {
                        for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                    }
                }
            }
            drawFormatBits(mask: 0)  // reserves the areas; redrawn with the chosen mask
            drawVersion()
        }

        mutating func drawFormatBits(mask: Int) {
            let data = QRCode.formatBitsM << 3 | mask
            var remainder = data
            for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
            let bits = (data << 10 | remainder) ^ 0x5412
            func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
            for i in 0...5 { set(8, i, bit(i)) }
            set(8, 7, bit(6))
            set(8, 8, bit(7))
            set(7, 8, bit(8))
            for i in 9..<15 { set(14 - i, 8, bit(i)) }
            for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
            for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
            set(8, size - 8, true)  // the dark module
        }

        mutating func drawVersion() {
            guard version >= 7 else { return }
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3, b = i / 3
                set(a, b, dark)
                set(b, a, dark)
            }
        }

        /// Places the codewords in the zig-zag order, two columns at a time from the bottom right.
        mutating func drawCodewords(_ data: [UInt8]) {
            var i = 0
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                for vertical in 0..<size {
                    for j in 0..<2 {
                        let x = right - j
                        let upward = (right + 1) & 2 == 0
                        let y = upward ? size - 1 - vertical : vertical
                        if !isFunction[y][x] && i < data.count * 8 {
                            modules[y][x] = (data[i >> 3] >> (7 - UInt8(i & 7))) & 1 == 1
                            i += 1
                        }
                    }
                }
                right -= 2
            }
        }

        mutating func applyMask(_ mask: Int) {
            for y in 0..<size {
                for x in 0..<size where !isFunction[y][x] {
                    let flip: Bool
                    switch mask {
                    case 0: flip = (x + y) % 2 == 0
                    case 1: flip = y % 2 == 0
                    case 2: flip = x % 3 == 0
                    case 3: flip = (x + y) % 3 == 0
                    case 4: flip = (x / 3 + y / 2) % 2 == 0
                    case 5: flip = x * y % 2 + x * y % 3 == 0
                    case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                    default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                    if flip { modules[y][x].toggle() }
                }
            }
        }

        /// The standard's four penalty rules: runs, 2×2 blocks, finder-like patterns, dark balance.
        func penalty() -> Int {
            var result = 0
            let finderLike: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
            for horizontal in [true, false] {
                for a in 0..<size {
                    var line: [Bool] = []
                    for b in 0..<size { line.append(horizontal ? modules[a][b] : modules[b][a]) }
                    var run = 1
                    for b in 1..<size {
                        if line[b] == line[b - 1] {
                            run += 1
                        } else {
                            if run >= 5 { result += run - 2 }
                            run = 1
                        }
                    }
                    if run >= 5 { result += run - 2 }
                    if size >= finderLike.count {
                        for b in 0...(size - finderLike.count) {
                            let window = Array(line[b..<b + finderLike.count])
                            if window == finderLike || window == finderLike.reversed() { result += 40 }
                        }
                    }
                }
            }
            for y in 0..<size - 1 {
                for x in 0..<size - 1 {
                    let c = modules[y][x]
                    if modules[y][x + 1] == c && modules[y + 1][x] == c && modules[y + 1][x + 1] == c { result += 3 }
                }
            }
            let dark = modules.reduce(0) { $0 + $1.count { $0 } }
            let total = size * size
            let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
            result += max(0, k) * 10
            return result
        }
    }

    // MARK: - Pictures

    /// An SVG drawing with a quiet zone of four modules; `title` becomes its accessible name.
    public func svg(title: String, moduleSize: Int = 8) -> String {
        let border = 4
        let side = (size + border * 2) * moduleSize
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard modules[y][x] else { x += 1; continue }
                let start = x
                while x < size && modules[y][x] { x += 1 }
                path += "M\(start + border),\(y + border)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size + border * 2) \(size + border * 2)" width="\(side)" height="\(side)" role="img" aria-label="\(ConvenorCore.escape(title, attribute: true))" shape-rendering="crispEdges"><title>\(ConvenorCore.escape(title))</title><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
        """
    }

    /// Two module rows per text line with half blocks, light modules drawn, so it reads on a dark terminal;
    /// `ansi` wraps it in black-on-white colour codes so it also reads on a light one.
    public func terminalText(ansi: Bool) -> String {
        let border = 2
        let span = -border..<(size + border)
        func dark(_ x: Int, _ y: Int) -> Bool { (0..<size).contains(x) && (0..<size).contains(y) && modules[y][x] }
        var lines: [String] = []
        for y in stride(from: -border, to: size + border, by: 2) {
            var line = ansi ? "\u{1B}[97;40m" : ""
            for x in span {
                let top = !dark(x, y), bottom = !dark(x, y + 1)
                line += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " "
            }
            lines.append(line + (ansi ? "\u{1B}[0m" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
