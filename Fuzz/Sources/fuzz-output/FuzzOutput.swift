import ConvenorCore
import Foundation
import FuzzSupport

// Fuzzes the output-folder rule (issue 19): the input builds a folder — files, sub-folders, symbolic
// links, a `.git`, Convenor's manifest (sometimes stale), edits after the manifest — then asks
// `OutputFolder.write` to replace it, with or without force. A simple model of the rule, written
// separately from the real one, says whether the write may go ahead; the two must agree, a refused
// write must leave every byte as it was, and nothing may be left beside the folder.

private let names = ["a.txt", "b.csv", "sub", ".git", ".DS_Store", ".convenor-manifest.json", "x", "link"]

private struct Input {
    var bytes: [UInt8]
    var i = 0
    mutating func next() -> UInt8? {
        guard i < bytes.count else { return nil }
        i += 1
        return bytes[i - 1]
    }
}

/// Every entry under `folder` (not following links): relative path → "d", "l:target" or "f:contents".
private func snapshot(_ folder: String) -> [String: String] {
    var out: [String: String] = [:]
    func walk(_ path: String, _ relative: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            let full = (path as NSString).appendingPathComponent(name), rel = relative.isEmpty ? name : relative + "/" + name
            let type = (try? FileManager.default.attributesOfItem(atPath: full))?[.type] as? FileAttributeType
            if type == .typeSymbolicLink {
                out[rel] = "l:" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
            } else if type == .typeDirectory {
                out[rel] = "d"
                walk(full, rel)
            } else {
                out[rel] = "f:" + ((try? String(contentsOfFile: full, encoding: .isoLatin1)) ?? "?")
            }
        }
    }
    walk(folder, "")
    return out
}

/// The rule, stated plainly: may Convenor replace a folder with these entries?
private func modelAllows(_ entries: [String: String], force: Bool) -> Bool {
    if entries.keys.contains(where: { $0 == ".git" || $0.hasSuffix("/.git") }) {
        // Without force a .git below the top is foreign anyway; with force it is protected.
        return false
    }
    if force { return true }
    guard let manifestEntry = entries[".convenor-manifest.json"] else {
        return entries.keys.allSatisfy { ($0 as NSString).lastPathComponent == ".DS_Store" && entries[$0]?.hasPrefix("f:") == true }
    }
    guard manifestEntry.hasPrefix("f:"),
          let manifest = try? JSONDecoder().decode(OutputManifest.self, from: Data(manifestEntry.dropFirst(2).utf8)) else { return false }
    let listed = Dictionary(manifest.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    for (path, value) in entries where path != ".convenor-manifest.json" {
        if (path as NSString).lastPathComponent == ".DS_Store" && value.hasPrefix("f:") { continue }
        if value == "d" {
            if !listed.keys.contains(where: { $0.hasPrefix(path + "/") }) { return false }
            continue
        }
        guard value.hasPrefix("f:"), let entry = listed[path] else { return false }
        let data = Data(value.dropFirst(2).unicodeScalars.map { UInt8($0.value) })
        let crc = String(format: "%08x", data.crc32(checksum: 0))
        if data.count != entry.bytes || crc != entry.crc32 { return false }
    }
    return true
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    var input = Input(bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let base = (Scratch.folder as NSString).appendingPathComponent("case")
    try? FileManager.default.removeItem(atPath: base)
    try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    let out = (base as NSString).appendingPathComponent("out")
    let fm = FileManager.default
    // Links point inside the folder or at this sentinel beside it, never anywhere that matters.
    let sentinel = (Scratch.folder as NSString).appendingPathComponent("sentinel")
    try? fm.createDirectory(atPath: sentinel, withIntermediateDirectories: true)
    fm.createFile(atPath: (sentinel as NSString).appendingPathComponent("keep"), contents: Data("keep".utf8))
    // First byte: bit 0 force, bit 1 start from a real Convenor output.
    let flags = input.next() ?? 0
    let force = flags & 1 == 1
    if flags & 2 == 2 {
        try? OutputFolder.write([RenderedFile(path: "a.txt", text: "one"), RenderedFile(path: "sub/b.csv", text: "two")], to: out)
    } else {
        try? fm.createDirectory(atPath: out, withIntermediateDirectories: true)
    }
    // Then operations of three bytes: what, which name, which folder (top or sub/).
    while let op = input.next(), let n = input.next(), let d = input.next() {
        let folder = d & 1 == 0 ? out : (out as NSString).appendingPathComponent("sub")
        let path = (folder as NSString).appendingPathComponent(names[Int(n) % names.count])
        switch op % 6 {
        case 0: fm.createFile(atPath: path, contents: Data([n, d]))
        case 1: try? fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        case 2: try? fm.createSymbolicLink(atPath: path, withDestinationPath: d & 2 == 0 ? "a.txt" : sentinel)
        case 3: try? fm.removeItem(atPath: path)
        case 4:
            // A manifest for what is there now (then later operations may make it stale).
            let files = snapshot(out).filter { $0.value.hasPrefix("f:") && $0.key != ".convenor-manifest.json" }
                .map { RenderedFile(path: $0.key, contents: Data($0.value.dropFirst(2).unicodeScalars.map { UInt8($0.value) })) }
            fm.createFile(atPath: (out as NSString).appendingPathComponent(".convenor-manifest.json"),
                          contents: OutputManifest(command: "fuzz", files: files).rendered().contents)
        default:
            if let handle = FileHandle(forWritingAtPath: path) { handle.seekToEndOfFile(); handle.write(Data([op])); handle.closeFile() }
        }
    }
    let before = snapshot(out)
    let allowed = modelAllows(before, force: force)
    var wrote = false
    do {
        try OutputFolder.write([RenderedFile(path: "new.txt", text: "new")], to: out, force: force)
        wrote = true
    } catch {
        _ = "\(error)"
    }
    if wrote != allowed { fatalError("rule and model disagree: wrote \(wrote), model \(allowed), force \(force), entries \(before.keys.sorted())") }
    if !wrote && snapshot(out) != before { fatalError("a refused write changed the folder") }
    if wrote && snapshot(out).keys.sorted() != [".convenor-manifest.json", "new.txt"] { fatalError("the new folder is not what was written") }
    if (try? fm.contentsOfDirectory(atPath: base)) != ["out"] { fatalError("debris beside the folder") }
    if (try? String(contentsOfFile: (sentinel as NSString).appendingPathComponent("keep"), encoding: .utf8)) != "keep" {
        fatalError("a file outside the folder, reached through a link, was changed")
    }
    return 0
}

@_cdecl("fuzz_output_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOneInput)
}
