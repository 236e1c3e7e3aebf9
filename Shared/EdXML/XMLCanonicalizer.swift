import CLibXML2

/// Canonical XML through libxml2 (`xmlC14NExecute`), streamed to a consumer instead of built in memory.
struct XMLCanonicalizer {
    enum Method: Equatable {
        case inclusive, inclusive11, exclusive
    }

    /// Which nodes are in the node-set: everything but one subtree (the enveloped-signature transform) or one subtree alone.
    enum Scope {
        case document
        case excluding(xmlNodePtr)
        case only(xmlNodePtr)
    }

    var method: Method
    var withComments: Bool
    /// `InclusiveNamespaces PrefixList` for exclusive C14N.
    var inclusivePrefixes: [String] = []

    private final class Context {
        let scope: Scope
        let consume: (UnsafeRawBufferPointer) -> Void
        init(scope: Scope, consume: @escaping (UnsafeRawBufferPointer) -> Void) {
            self.scope = scope
            self.consume = consume
        }
    }

    /// Feeds the canonical form of `scope` of `document` to `consume`, piece by piece.
    func canonicalize(_ document: LibXMLDocument, scope: Scope, into consume: @escaping (UnsafeRawBufferPointer) -> Void) -> Bool {
        let context = Context(scope: scope, consume: consume)
        let opaque = Unmanaged.passUnretained(context).toOpaque()
        guard let output = xmlOutputBufferCreateIO(
            { ctx, buffer, length in
                let context = Unmanaged<Context>.fromOpaque(ctx!).takeUnretainedValue()
                if let buffer, length > 0 { context.consume(UnsafeRawBufferPointer(start: buffer, count: Int(length))) }
                return length
            },
            { _ in 0 }, opaque, nil)
        else { return false }
        let mode = switch method {
        case .inclusive: Int32(XML_C14N_1_0.rawValue)
        case .inclusive11: Int32(XML_C14N_1_1.rawValue)
        case .exclusive: Int32(XML_C14N_EXCLUSIVE_1_0.rawValue)
        }
        var prefixes: [UnsafeMutablePointer<xmlChar>?] = inclusivePrefixes.map { xmlStrdup(xmlString($0)) } + [nil]
        defer { for prefix in prefixes { qlvb_xmlFree(prefix) } }
        let visible: xmlC14NIsVisibleCallback? = if case .document = scope { nil } else {
            { ctx, node, parent in
                let context = Unmanaged<Context>.fromOpaque(ctx!).takeUnretainedValue()
                return XMLCanonicalizer.isVisible(node, parent: parent, scope: context.scope) ? 1 : 0
            }
        }
        let status = withExtendedLifetime(context) {
            prefixes.withUnsafeMutableBufferPointer { list in
                xmlC14NExecute(
                    document.document, visible, opaque, mode, method == .exclusive && !inclusivePrefixes.isEmpty ? list.baseAddress : nil,
                    withComments ? 1 : 0, output)
            }
        }
        let closed = xmlOutputBufferClose(output)
        return status >= 0 && closed >= 0
    }

    /// Whether `node` (an element, attribute, text… or a namespace, whose owner is `parent`) is in the node-set.
    /// `node` may point to an `xmlNs`, which shares only the first two fields with `xmlNode`: read them raw.
    private static func isVisible(_ node: xmlNodePtr?, parent: xmlNodePtr?, scope: Scope) -> Bool {
        guard let node else { return false }
        let type = UnsafeRawPointer(node).load(fromByteOffset: MemoryLayout<xmlNode>.offset(of: \xmlNode.type)!, as: xmlElementType.self)
        var cursor: xmlNodePtr? = type == XML_NAMESPACE_DECL ? parent : node
        let target: xmlNodePtr
        switch scope {
        case .document: return true
        case .excluding(let subtree): target = subtree
        case .only(let subtree): target = subtree
        }
        var inside = false
        while let current = cursor {
            if current == target {
                inside = true
                break
            }
            cursor = UnsafeRawPointer(current).load(fromByteOffset: MemoryLayout<xmlNode>.offset(of: \xmlNode.parent)!, as: xmlNodePtr?.self)
        }
        if case .excluding = scope { return !inside }
        return inside
    }
}
