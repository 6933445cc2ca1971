import ConvenorCore
import Foundation
import FuzzSupport

// Fuzzes the register's rules-file reader (schemas/rules.xsd): libxml2 stream + schema and the
// settings it builds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let path = Scratch.write(UnsafeRawBufferPointer(start: data, count: size), to: "convenor.rules.xml")
    do {
        _ = try RulesFile.load(path: path)
    } catch let error as InputError {
        for d in error.diagnostics { _ = d.description }
    } catch {
        _ = "\(error)"
    }
    return 0
}

@_cdecl("fuzz_rules_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOneInput)
}
