#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A list of ids stored as UTF-8 bytes back to back: millions of household ids cost their bytes plus
/// one offset each, not a `String` apiece. Reads like an array of strings.
public struct IDList: RandomAccessCollection, Sendable, Equatable {
    /// Every id's bytes, one after the other.
    fileprivate(set) var bytes: [UInt8] = []
    /// Id `k` is `bytes[offsets[k] ..< offsets[k + 1]]`.
    fileprivate(set) var offsets: [Int] = [0]

    public init() {}

    public init(_ ids: some Sequence<String>) {
        for id in ids { append(id.utf8) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.count - 1 }

    public subscript(position: Int) -> String {
        bytes.withUnsafeBufferPointer { all in
            String(decoding: UnsafeBufferPointer(rebasing: all[offsets[position] ..< offsets[position + 1]]), as: UTF8.self)
        }
    }

    /// Calls `body` with each id's bytes, in order, collecting its results.
    func withKeys<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> [T] {
        bytes.withUnsafeBufferPointer { all in
            (0..<count).map { k in body(UnsafeBufferPointer(rebasing: all[offsets[k] ..< offsets[k + 1]])) }
        }
    }

    fileprivate mutating func reserveCapacity(ids: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(ids + 1)
        bytes.reserveCapacity(byteCount)
    }

    fileprivate mutating func append(_ key: some Collection<UInt8>) {
        bytes.append(contentsOf: key)
        offsets.append(bytes.count)
    }
}

/// Gives each distinct byte string a number, in order of first appearance, hashing the bytes
/// themselves: interning a key that is already known allocates nothing.
///
/// The numbering depends only on the order of the keys, never on hash values, so results built on
/// it are deterministic.
struct ByteInterner: Sendable {
    private(set) var keys = IDList()
    /// Open addressing, linear probing. A slot holds the key's hash (high 32 bits) and its number + 1
    /// (low 32 bits; 0 = empty), so most probes are settled by one memory access.
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(expectedCount: Int = 0) {
        var size = 16
        while size < expectedCount * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// Makes room for `total` keys in all, of `bytes` bytes in all, so that adding up to that many
    /// rehashes and copies nothing.
    mutating func reserveCapacity(_ total: Int, bytes: Int) {
        keys.reserveCapacity(ids: total, bytes: bytes)
        while total * 2 > slots.count { grow() }
    }

    /// The number of `key`, adding it if it is new.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (number: Int, isNew: Bool) {
        let hash = Self.hash(key)
        let tag = UInt64(hash) << 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Int? = slots.withUnsafeBufferPointer { table in
            while true {
                let entry = table[slot]
                if entry == 0 { return nil }
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let k = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                    if equals(k, key) { return k }
                }
                slot = (slot + 1) & mask
            }
        }
        if let found { return (found, false) }
        let number = count
        count += 1
        keys.append(key)
        slots[slot] = tag | UInt64(number + 1)
        if count * 2 > slots.count { grow() }
        return (number, true)
    }

    /// The number of `key`, adding it if it is new, as an Int32 (contact logs number ids so).
    mutating func number(of key: UnsafeBufferPointer<UInt8>) -> Int32 { Int32(intern(key).number) }

    /// The number of `key`, or nil if it was never interned.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(key)
        let tag = UInt64(hash) << 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let k = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(k, key) { return k }
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func equals(_ number: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keys.offsets.withUnsafeBufferPointer { offsets in
            let start = offsets[number], length = offsets[number + 1] - start
            guard length == key.count else { return false }
            guard length > 0, let base = key.baseAddress else { return true }
            return keys.bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, base, length) == 0 }
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var bigger = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for entry in slots where entry != 0 {
            var slot = Int(truncatingIfNeeded: entry >> 32) & newMask
            while bigger[slot] != 0 { slot = (slot + 1) & newMask }
            bigger[slot] = entry
        }
        slots = bigger
        mask = newMask
    }

    /// A fast 64-bit multiply–xorshift hash over 8-byte words, folded to 32 bits.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return UInt32(truncatingIfNeeded: h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < key.count { tail |= UInt64(base[i]) << shift; shift += 8; i += 1 }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }
}
