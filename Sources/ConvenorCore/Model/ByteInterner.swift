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

    /// Calls `body` with id `k`'s bytes.
    func withKey<T>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        bytes.withUnsafeBufferPointer { all in body(UnsafeBufferPointer(rebasing: all[offsets[k] ..< offsets[k + 1]])) }
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
///
/// Made with `deferringTableWhileAscending`, it builds no hash table while keys come in strictly
/// increasing byte order (contacts.csv sorted by household): a key after the last one is new without
/// a lookup. The table is built from the keys so far when the order first breaks.
struct ByteInterner: Sendable {
    private(set) var keys = IDList()
    /// Open addressing, linear probing. A slot holds the key's hash (high 32 bits) and its number + 1
    /// (low 32 bits; 0 = empty), so most probes are settled by one memory access. Empty while
    /// `tableDeferred`.
    private var slots: [UInt64] = []
    private var mask = 0
    private(set) var count = 0
    /// Every key so far came in strictly increasing byte order, and `slots` is not built yet.
    private var tableDeferred = false
    /// Keys to size the table for when it is built.
    private var expectedCount: Int

    init(expectedCount: Int = 0, deferringTableWhileAscending: Bool = false) {
        self.expectedCount = expectedCount
        if deferringTableWhileAscending { tableDeferred = true } else { buildTable() }
    }

    /// Makes room for `total` keys in all, of `bytes` bytes in all, so that adding up to that many
    /// rehashes and copies nothing.
    mutating func reserveCapacity(_ total: Int, bytes: Int) {
        keys.reserveCapacity(ids: total, bytes: bytes)
        expectedCount = max(expectedCount, total)
        if tableDeferred { return }
        while total * 2 > slots.count { grow() }
    }

    /// Builds the hash table from the keys so far (they were all distinct: each came after the last).
    private mutating func buildTable() {
        tableDeferred = false
        var size = 16
        while size < max(expectedCount, count) * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for number in 0..<count {
            let hash = keys.withKey(number) { Self.hash($0) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt64(hash) << 32 | UInt64(number + 1)
        }
    }

    /// While the table is deferred: appends `key` and returns its number if it comes after the last
    /// key; otherwise builds the table (and returns nil: the caller looks `key` up).
    @inline(never)
    private mutating func appendIfFollowing(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        if followsLastKey(key) {
            keys.append(key)
            count += 1
            return count - 1
        }
        buildTable()
        return nil
    }

    /// Whether `key` comes after the last key added, in byte order (a prefix comes before).
    @inline(__always)
    private func followsLastKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        count == 0 || keys.withKey(count - 1) { Self.precedes($0, key) }
    }

    /// Byte order: `a` before `b`.
    @inline(__always)
    static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
            let order = memcmp(x, y, common)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }

    /// The number of `key`, adding it if it is new.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (number: Int, isNew: Bool) {
        if tableDeferred, let appended = appendIfFollowing(key) { return (appended, true) }
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

    /// How the keys of an interner joined with `absorb` are numbered in this one.
    enum Renumbering {
        /// Key `k` of the other is key `k + shift` here.
        case shifted(Int32)
        /// Key `k` of the other is key `numbers[k]` here.
        case mapped([Int32])
    }

    /// Adds `other`'s keys (in its order, those not here already), as interning them one by one would.
    /// When both took their keys in increasing order and `other`'s all come after these, they are
    /// simply appended: nothing is looked up.
    mutating func absorb(_ other: ByteInterner) -> Renumbering {
        reserveCapacity(count + other.count, bytes: keys.bytes.count + other.keys.bytes.count)
        if tableDeferred, other.tableDeferred, other.count > 0 {
            if other.keys.withKey(0, { followsLastKey($0) }) {
                let shift = Int32(count), byteShift = keys.bytes.count
                keys.bytes.append(contentsOf: other.keys.bytes)
                keys.offsets.append(contentsOf: other.keys.offsets.dropFirst().lazy.map { $0 + byteShift })
                count += other.count
                return .shifted(shift)
            }
        }
        if other.count == 0 { return .shifted(Int32(count)) }
        return .mapped(other.keys.withKeys { number(of: $0) })
    }

    /// The number of `key`, or nil if it was never interned.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        if tableDeferred {
            // The keys are in increasing order: a binary search.
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if keys.withKey(mid, { Self.precedes($0, key) }) { lo = mid + 1 } else { hi = mid }
            }
            guard lo < count else { return nil }
            return keys.withKey(lo) { Self.precedes($0, key) || Self.precedes(key, $0) } ? nil : lo
        }
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
            return keys.bytes.withUnsafeBufferPointer { Self.sameBytes($0.baseAddress! + start, base, length) }
        }
    }

    /// Whether the `count` bytes at `x` and `y` are equal. Ids are short: up to 16 bytes are compared
    /// as two overlapping words each way, without a call to `memcmp`.
    @inline(__always)
    static func sameBytes(_ x: UnsafePointer<UInt8>, _ y: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let a = UnsafeRawPointer(x), b = UnsafeRawPointer(y)
        if count >= 8 {
            guard count <= 16 else { return memcmp(x, y, count) == 0 }
            return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for k in 0..<count where x[k] != y[k] { return false }
        return true
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
