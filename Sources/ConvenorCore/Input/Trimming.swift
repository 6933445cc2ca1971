import Foundation

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespaces)` with a fast path: a value that starts and ends with a
    /// printable ASCII character (nearly every cell) is returned as it is. Foundation's trim on Linux
    /// goes through NSString and UTF-16 and was the largest cost of reading a region's initiatives.
    func trimmingSpaces() -> String {
        let u = utf8
        if let first = u.first, let last = u.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return String(self)
        }
        if u.isEmpty { return "" }
        return trimmingCharacters(in: .whitespaces)
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` with the same fast path: text that starts
    /// and ends with a printable ASCII character is returned as it is, without Foundation's NSString trip.
    func trimmingWhitespaceAndNewlines() -> String {
        let u = utf8
        if let first = u.first, let last = u.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        if u.isEmpty { return "" }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
