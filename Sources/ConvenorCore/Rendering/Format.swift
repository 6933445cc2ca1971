import Foundation

/// Numbers and money as a British council officer writes them: 1,240 and £412,000.
public enum Format {
    /// 1240 → "1,240".
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Whole pounds with separators: 412000 → "£412,000"; other currencies get their code.
    public static func money(_ amount: Decimal, currency: String = "GBP") -> String {
        var rounded = Decimal()
        var value = amount
        NSDecimalRound(&rounded, &value, 0, .plain)
        let n = NSDecimalNumber(decimal: rounded).intValue
        switch currency {
        case "GBP": return (n < 0 ? "-£" : "£") + count(abs(n))
        case "EUR": return (n < 0 ? "-€" : "€") + count(abs(n))
        case "USD": return (n < 0 ? "-$" : "$") + count(abs(n))
        default: return "\(currency) \(count(n))"
        }
    }

    /// A decimal as plain text with at most `places` decimals and no separators: for CSV and JSON.
    public static func plain(_ value: Double, places: Int = 6) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        guard appendFixed(value, places: places, to: &bytes) else { return String(format: "%.\(places)f", value) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// Appends what printf's `%.{places}f` prints for `value` (0 ≤ places ≤ 6), without Foundation's
    /// formatter, which costs microseconds a number and is called for every edge of the graph files.
    /// Returns false, appending nothing, when printf must decide: a value within a millionth of a unit
    /// of a tie in the last place (printf rounds the exact binary value), or too large for the window.
    /// Below 10⁹ units of the last place the product `value × 10^places` is off by less than 10⁻⁷ of a
    /// unit, so away from a tie rounding it gives printf's digits.
    @discardableResult
    static func appendFixed(_ value: Double, places: Int, to out: inout [UInt8]) -> Bool {
        guard (0...6).contains(places), value.isFinite else { return false }
        let scaled = value * powersOfTen[places]
        guard abs(scaled) < 1e9 else { return false }
        let fraction = abs(scaled - scaled.rounded(.down))
        if abs(fraction - 0.5) < 1e-6 { return false }
        let units = Int64(scaled.rounded())
        // printf keeps the sign of a negative value that rounds to zero (and of -0.0).
        if units < 0 || (units == 0 && value.sign == .minus) { out.append(UInt8(ascii: "-")) }
        var magnitude = UInt64(units.magnitude)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            // Least significant first: `places` decimals, then at least one whole digit.
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0 || count <= places
            var k = count - 1
            while k >= places { out.append(d[k]); k -= 1 }
            if places > 0 {
                out.append(UInt8(ascii: "."))
                while k >= 0 { out.append(d[k]); k -= 1 }
            }
        }
        return true
    }
}
