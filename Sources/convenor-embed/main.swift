// Build tool for the EmbedResources plugin: writes one Swift file that holds the text of the given
// data files (schemas, templates, workshops, the example place) so `convenor` works from any directory.
//
//     convenor-embed OUTPUT.swift ROOT PATH...
//
// PATHs are relative to ROOT and become the keys of `EmbeddedResources.files`, in the order given.
// Foundation-free on purpose: it is built on every cold build of Convenor, plugin consumers' included.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

func fail(_ message: String) -> Never {
    let line = Array("convenor-embed: error: \(message)\n".utf8)
    #if os(Windows)
    _ = line.withUnsafeBytes { _write(2, $0.baseAddress, UInt32($0.count)) }
    #else
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    #endif
    exit(1)
}

func readText(_ path: String) -> String {
    guard let file = fopen(path, "rb") else { fail("cannot read \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
        if count < buffer.count { break }
    }
    if ferror(file) != 0 { fail("cannot read \(path)") }
    guard let text = String(validating: bytes, as: UTF8.self) else { fail("\(path) is not UTF-8 text") }
    return text
}

/// A raw multi-line literal whose delimiter cannot occur in the text.
func literal(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: convenor-embed OUTPUT.swift ROOT PATH...") }
let (output, root, paths) = (arguments[1], arguments[2], arguments.dropFirst(3))

var source = """
    // Generated at build time by the EmbedResources plugin (Plugins/EmbedResourcesPlugin). Do not edit.

    enum EmbeddedResources {
        static let files: [String: String] = [

    """
for path in paths {
    source += "        \"\(path)\": \(literal(readText(root + "/" + path))),\n"
}
source += paths.isEmpty ? "        :]\n}\n" : "    ]\n}\n"

guard let file = fopen(output, "wb") else { fail("cannot write \(output)") }
let bytes = Array(source.utf8)
if fwrite(bytes, 1, bytes.count, file) != bytes.count || fclose(file) != 0 { fail("cannot write \(output)") }
