import CLibXML2
import Foundation

/// A libxml2 DOM, used only for XML signatures (C14N needs a tree). Parsed with the same guards as `HardenedSAXParser`:
/// no network, no DTD, DOCTYPE refused, depth and size limits. The one libxml2 limit lifted is the 10 MB cap on a single
/// text node, because a signed packet's base64 attachment is one text node; the whole input is capped by
/// `EdXMLLimits.maxPacketBytes` instead. `XML_PARSE_HUGE` is never set for the parse as a whole.
final class LibXMLDocument {
    let document: xmlDocPtr

    private final class Guard {
        var failure: EdXMLError?
        var depth = 0
        let maxDepth: Int
        init(maxDepth: Int) { self.maxDepth = maxDepth }

        static func from(_ ctx: UnsafeMutableRawPointer?) -> (xmlParserCtxtPtr, Guard) {
            let context = ctx!.assumingMemoryBound(to: xmlParserCtxt.self)
            return (context, Unmanaged<Guard>.fromOpaque(context.pointee._private!).takeUnretainedValue())
        }

        static func fail(_ ctx: UnsafeMutableRawPointer?, _ error: EdXMLError) {
            let (context, guardian) = from(ctx)
            if guardian.failure == nil { guardian.failure = error }
            xmlStopParser(context)
        }
    }

    init(parsing data: Data, limits: EdXMLLimits) throws(EdXMLError) {
        guard !data.isEmpty else { throw .empty }
        guard data.count <= limits.maxPacketBytes else { throw .tooLarge(limit: limits.maxPacketBytes) }
        var sax = xmlSAXHandler()
        xmlSAXVersion(&sax, 2)
        sax.internalSubset = { ctx, _, _, _ in Guard.fail(ctx, .doctypeForbidden) }
        sax.externalSubset = { ctx, _, _, _ in Guard.fail(ctx, .doctypeForbidden) }
        sax.startElementNs = { ctx, name, prefix, uri, nsCount, namespaces, attributeCount, defaulted, attributes in
            let (_, guardian) = Guard.from(ctx)
            guardian.depth += 1
            guard guardian.depth <= guardian.maxDepth else { return Guard.fail(ctx, .tooDeep(limit: guardian.maxDepth)) }
            xmlSAX2StartElementNs(ctx, name, prefix, uri, nsCount, namespaces, attributeCount, defaulted, attributes)
        }
        sax.endElementNs = { ctx, name, prefix, uri in
            Guard.from(ctx).1.depth -= 1
            xmlSAX2EndElementNs(ctx, name, prefix, uri)
        }
        sax.characters = { ctx, bytes, count in LibXMLDocument.withLongText(ctx) { xmlSAX2Characters(ctx, bytes, count) } }
        sax.cdataBlock = { ctx, bytes, count in LibXMLDocument.withLongText(ctx) { xmlSAX2CDataBlock(ctx, bytes, count) } }
        sax.serror = { _, _ in }
        let guardian = Guard(maxDepth: limits.maxDepth)
        guard let context = xmlCreatePushParserCtxt(&sax, nil, nil, 0, nil) else {
            throw .malformed(line: 0, detail: "libxml2 could not create a parser")
        }
        defer {
            if let doc = context.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(context)
        }
        context.pointee._private = Unmanaged.passUnretained(guardian).toOpaque()
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count, guardian.failure == nil, context.pointee.disableSAX == 0 {
                let count = min(PacketInput.pieceSize, bytes.count - offset)
                xmlParseChunk(context, bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self), Int32(count), 0)
                offset += count
            }
            if guardian.failure == nil { xmlParseChunk(context, nil, 0, 1) }
        }
        if let failure = guardian.failure { throw failure }
        guard context.pointee.wellFormed != 0, let doc = context.pointee.myDoc else {
            let error = xmlCtxtGetLastError(context)
            let detail = error?.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
            throw .malformed(line: Int(error?.pointee.line ?? 0), detail: detail ?? "not well-formed")
        }
        context.pointee.myDoc = nil
        document = doc
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// Runs a text callback with the 10 MB text-node limit lifted (see the type's documentation).
    private static func withLongText(_ ctx: UnsafeMutableRawPointer?, _ body: () -> Void) {
        let context = ctx!.assumingMemoryBound(to: xmlParserCtxt.self)
        let options = context.pointee.options
        context.pointee.options = options | Int32(XML_PARSE_HUGE.rawValue)
        body()
        context.pointee.options = options
    }

    /// The document serialized as UTF-8.
    func serialized() -> Data {
        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(document, &memory, &size, "UTF-8")
        guard let memory else { return Data() }
        defer { qlvb_xmlFree(memory) }
        return Data(bytes: memory, count: Int(size))
    }

    var root: xmlNodePtr? { xmlDocGetRootElement(document) }

    /// Element children of `node`.
    static func children(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    static func child(of node: xmlNodePtr, named name: String) -> xmlNodePtr? {
        children(of: node).first { self.name(of: $0) == name }
    }

    /// The first element in document order whose local name is `name` and which satisfies `matching`.
    static func firstElement(under node: xmlNodePtr, named name: String, where matching: (xmlNodePtr) -> Bool = { _ in true }) -> xmlNodePtr? {
        for child in children(of: node) {
            if self.name(of: child) == name && matching(child) { return child }
            if let found = firstElement(under: child, named: name, where: matching) { return found }
        }
        return nil
    }

    static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    static func namespace(of node: xmlNodePtr) -> String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    static func text(of node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { qlvb_xmlFree(content) }
        return String(cString: content)
    }

    static func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let value = xmlGetProp(node, xmlString(name)) else { return nil }
        defer { qlvb_xmlFree(value) }
        return String(cString: value)
    }
}

/// A NUL-terminated copy for libxml2 parameters.
func xmlString(_ string: String) -> [xmlChar] {
    Array(string.utf8) + [0]
}
