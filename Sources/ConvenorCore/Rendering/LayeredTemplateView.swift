import Foundation
import Mustache

/// A view that adds a few fields to another: a template sees one flat set of names, the layer's first,
/// then the base's, so a document with extra names (the slides) keeps every name of the documents it
/// extends (the pack) without copying them. Encodes flat too, as the template sees it.
struct LayeredTemplateView<Base: Encodable, Layer: Encodable>: Encodable, MustacheParent {
    var base: Base
    var layer: Layer

    init(_ base: Base, adding layer: Layer) {
        self.base = base
        self.layer = layer
    }

    /// What Mustache finds under `name`: as for any struct, a nil optional is absent, so Mustache looks
    /// in the enclosing sections next.
    func child(named name: String) -> Any? {
        Self.field(name, of: layer) ?? Self.field(name, of: base)
    }

    func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        try layer.encode(to: encoder)
    }

    private static func field(_ name: String, of value: Any) -> Any? {
        if let parent = value as? MustacheParent { return parent.child(named: name) }
        guard let child = Mirror(reflecting: value).children.first(where: { $0.label == name })?.value else { return nil }
        let optional = Mirror(reflecting: child)
        guard optional.displayStyle == .optional else { return child }
        return optional.children.first?.value
    }
}
