import Foundation

/// A view that adds a few fields to another: a template sees one flat set of names, the layer's first,
/// then the base's, so a document with extra names (the slides) keeps every name of the documents it
/// extends (the pack) without copying them.
///
/// It encodes flat, base then layer, into one set of fields (`TemplateValues`, and JSON alike): a
/// layer's value replaces the base's, and a layer's nil optional is not written, so the base's value
/// shows through, as Mustache would find it in an enclosing section.
struct LayeredTemplateView<Base: Encodable, Layer: Encodable>: Encodable {
    var base: Base
    var layer: Layer

    init(_ base: Base, adding layer: Layer) {
        self.base = base
        self.layer = layer
    }

    func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        try layer.encode(to: encoder)
    }
}
