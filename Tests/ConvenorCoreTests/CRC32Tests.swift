import Foundation
import Testing
@testable import ConvenorCore

/// The output manifest's checksum, eight bytes a step, against the definition a bit at a time.
struct CRC32Tests {
    /// CRC-32 by its definition (reflected polynomial 0xEDB88320), one bit at a time.
    static func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    @Test func knownValues() {
        #expect(CRC32.checksum(Data()) == 0)
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Data("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(OutputManifest.checksum(Data("123456789".utf8)) == "cbf43926")
    }

    @Test func everyLengthAndAlignmentAgreesWithTheDefinition() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for start in 0..<9 {
            for length in stride(from: 0, through: bytes.count - start, by: 1) where length < 40 || length % 17 == 0 {
                let slice = Array(bytes[start..<(start + length)])
                let fast = slice.withUnsafeBytes { CRC32.checksum($0) }
                #expect(fast == Self.reference(slice), "start \(start), length \(length)")
            }
        }
    }
}
