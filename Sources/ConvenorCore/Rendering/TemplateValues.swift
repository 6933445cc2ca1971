import Foundation

/// Turns a typed view into the plain values Mustache looks names up in: dictionaries, arrays, strings,
/// numbers and booleans.
///
/// Why: given a struct, Mustache finds each name by reflection, walking the struct's fields (and
/// demangling their types) on every look-up. A register of 20,000 initiatives spent over a minute
/// there; a dictionary answers in one hash. The view's `Encodable` conformance is the list of names,
/// so nothing is declared twice. What templates see does not change: a nil optional is left out, so
/// Mustache looks in the enclosing sections as it did for the struct, and anything that is not a plain
/// value or a struct of them (an enum, a `Decimal`, a type with its own single-value encoding) is kept
/// as it is, to be shown as before.
enum TemplateValues {
    static func plain(_ value: some Encodable) -> Any {
        switch value {
        case let v as String: return v
        case let v as Bool: return v
        case let v as Int: return v
        case let v as Double: return v
        case let v as Int32: return v
        case let v as Int64: return v
        default: break
        }
        if value is Decimal || Mirror(reflecting: value).displayStyle == .enum { return value }
        let encoder = Encoder()
        guard (try? value.encode(to: encoder)) != nil, let storage = encoder.storage else { return value }
        return resolved(storage)
    }

    /// Fields or elements as plain values; boxes from nested containers (never made by synthesized
    /// encodings, so rare) are resolved too.
    static func resolved(_ value: Any) -> Any {
        switch value {
        case let box as Fields: return box.hasNested ? box.values.mapValues(resolved) : box.values
        case let box as Elements: return box.hasNested ? box.values.map(resolved) : box.values
        default: return value
        }
    }

    final class Fields { var values: [String: Any] = [:]; var hasNested = false }
    final class Elements { var values: [Any] = []; var hasNested = false }

    final class Encoder: Swift.Encoder {
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]
        /// `Fields`, `Elements`, or nothing: a view that is one value is kept as it is (see above).
        var storage: AnyObject?

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            // Reused: a layered view encodes its base and then its layer into the one set of fields.
            let fields = storage as? Fields ?? Fields()
            storage = fields
            return KeyedEncodingContainer(Keyed<Key>(fields: fields))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let elements = storage as? Elements ?? Elements()
            storage = elements
            return Unkeyed(elements: elements)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single() }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let fields: Fields
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { fields.values[key.stringValue] = nil }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { fields.values[key.stringValue] = TemplateValues.plain(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = Fields()
            fields.values[key.stringValue] = nested
            fields.hasNested = true
            return KeyedEncodingContainer(Keyed<NestedKey>(fields: nested))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = Elements()
            fields.values[key.stringValue] = nested
            fields.hasNested = true
            return Unkeyed(elements: nested)
        }

        mutating func superEncoder() -> any Swift.Encoder { Encoder() }
        mutating func superEncoder(forKey key: Key) -> any Swift.Encoder { Encoder() }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let elements: Elements
        var codingPath: [any CodingKey] { [] }
        var count: Int { elements.values.count }

        mutating func encodeNil() throws { elements.values.append(Optional<String>.none as Any) }
        mutating func encode<T: Encodable>(_ value: T) throws { elements.values.append(TemplateValues.plain(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = Fields()
            elements.values.append(nested)
            elements.hasNested = true
            return KeyedEncodingContainer(Keyed<NestedKey>(fields: nested))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = Elements()
            elements.values.append(nested)
            elements.hasNested = true
            return Unkeyed(elements: nested)
        }

        mutating func superEncoder() -> any Swift.Encoder { Encoder() }
    }

    /// A single-value encoding (a type with its own `encode(to:)`): the value itself is kept instead.
    struct Single: SingleValueEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil() throws {}
        mutating func encode<T: Encodable>(_ value: T) throws {}
    }
}
