import ConvenorCore
import Foundation
import FuzzSupport

// Fuzzes the workshop-file reader (workshops/workshop.xsd) and the barriers reader
// (workshops/barriers.xsd): the first byte chooses which, the rest is the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let path = Scratch.write(UnsafeRawBufferPointer(start: data + 1, count: size - 1), to: "workshop.xml")
    do {
        if data[0] % 2 == 0 {
            let workshop = try WorkshopReader.read(path: path)
            _ = "\(workshop)"
        } else {
            _ = try WorkshopReader.readBarriers(path: path)
        }
    } catch let error as InputError {
        for d in error.diagnostics { _ = d.description }
    } catch {
        _ = "\(error)"
    }
    return 0
}

@_cdecl("fuzz_workshop_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOneInput)
}
