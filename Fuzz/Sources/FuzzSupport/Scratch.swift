import CLibFuzzer
import Foundation

/// The signature libFuzzer calls for every input.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Hands control to libFuzzer's driver with the process's own arguments. Each fuzzer's entry point
/// (`<module>_main`, the name SwiftPM gives `main` on Linux) calls this.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ callback: FuzzCallback) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, callback)
}

/// A private folder for one fuzzer process, on tmpfs when there is one: the readers take paths, so
/// every input is written to a file first.
public enum Scratch {
    public static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = (base as NSString).appendingPathComponent("convenor-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `bytes` to `name` inside the scratch folder (replacing it) and returns the full path.
    @discardableResult
    public static func write(_ bytes: UnsafeRawBufferPointer, to name: String) -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        let data = bytes.isEmpty ? Data() : Data(bytes)
        if !FileManager.default.createFile(atPath: path, contents: data) {
            fatalError("fuzz harness: cannot write \(path)")
        }
        return path
    }

    public static func write(_ text: String, to name: String) {
        Data(text.utf8).withUnsafeBytes { _ = write($0, to: name) }
    }
}
