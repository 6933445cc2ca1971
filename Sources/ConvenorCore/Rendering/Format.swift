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
        String(format: "%.\(places)f", value)
    }
}
