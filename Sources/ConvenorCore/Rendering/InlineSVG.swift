/// SVG documents placed inside HTML.
enum InlineSVG {
    /// The document without its XML declaration (`<?xml …?>`), which is not allowed inside HTML;
    /// anything else, first line included, is kept as it is.
    static func body(of document: String) -> String {
        guard document.hasPrefix("<?xml"), let end = document.range(of: "?>") else { return document }
        return String(document[end.upperBound...].drop { $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "\t" })
    }
}
