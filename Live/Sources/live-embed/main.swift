// Build tool for the EmbedAssets plugin: writes one Swift file holding the text of the given files.
//
//     live-embed OUTPUT.swift FOLDER NAME...
//
// The NAMEs (files in FOLDER) become the keys of `EmbeddedAssets.files`.
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("live-embed: error: \(message)\n".utf8))
    exit(1)
}

/// A raw multi-line literal whose delimiter cannot occur in the text.
func literal(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: live-embed OUTPUT.swift FOLDER NAME...") }
var lines = ["// Generated at build time by live-embed from Live/assets/. Do not edit.", "",
             "enum EmbeddedAssets {", "    static let files: [String: String] = ["]
for name in arguments.dropFirst(3) {
    let path = (arguments[2] as NSString).appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    guard let text = String(data: data, encoding: .utf8) else { fail("\(path) is not UTF-8 text") }
    lines.append("        \"\(name)\": \(literal(text)),")
}
lines += ["    ]", "}", ""]
do {
    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: arguments[1]), options: .atomic)
} catch {
    fail("cannot write \(arguments[1]): \(error)")
}
