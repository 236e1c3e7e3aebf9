import Foundation
import CLibXML2

/// One attribute of a start tag.
struct XMLAttribute {
    var name: String
    var namespace: String?
    var value: String
}

/// Receives the events of a `HardenedSAXParser`. A thrown error stops the parse.
protocol SAXEventHandler: AnyObject {
    func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute], depth: Int) throws(EdXMLError)
    func endElement() throws(EdXMLError)
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) throws(EdXMLError)
}

/// A libxml2 push parser with only the callbacks a packet needs and every dangerous feature off.
///
/// - `XML_PARSE_NONET`; no `NOENT`, no `DTDLOAD`, no `HUGE`. Any DOCTYPE is refused when it starts, before its internal
///   subset is read, so entity expansion (billion laughs) and external entities (XXE) never happen.
/// - No tree is built: text arrives in small pieces, so a base64 attachment never sits whole in libxml2's memory and
///   libxml2's 10 MB text-node limit does not apply.
/// - Depth, total size and an empty input are checked here; the handler adds the rest.
final class HardenedSAXParser {
    private var context: xmlParserCtxtPtr?
    private let handler: any SAXEventHandler
    private let limits: EdXMLLimits
    private var failure: EdXMLError?
    private var depth = 0
    private var sawElement = false
    /// Whether anything but whitespace has been fed: an input of only whitespace is `.empty`, not malformed.
    private var sawContent = false
    private var bytesFed = 0

    init(handler: any SAXEventHandler, limits: EdXMLLimits) {
        self.handler = handler
        self.limits = limits
        var sax = xmlSAXHandler()
        sax.initialized = QLVB_XML_SAX2_MAGIC
        sax.internalSubset = { ctx, _, _, _ in HardenedSAXParser.from(ctx).fail(.doctypeForbidden) }
        sax.externalSubset = { ctx, _, _, _ in HardenedSAXParser.from(ctx).fail(.doctypeForbidden) }
        sax.startElementNs = { ctx, localName, prefix, uri, _, _, attributeCount, _, attributes in
            HardenedSAXParser.from(ctx).start(localName, prefix, uri, Int(attributeCount), attributes)
        }
        sax.endElementNs = { ctx, _, _, _ in HardenedSAXParser.from(ctx).end() }
        sax.characters = { ctx, bytes, count in HardenedSAXParser.from(ctx).text(bytes, count) }
        sax.cdataBlock = { ctx, bytes, count in HardenedSAXParser.from(ctx).text(bytes, count) }
        sax.serror = { _, _ in }  // errors are read from the context; nothing goes to stderr
        context = xmlCreatePushParserCtxt(&sax, Unmanaged.passUnretained(self).toOpaque(), nil, 0, nil)
        if let context {
            xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        }
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
    }

    /// Parses the next piece of input.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(EdXMLError) {
        guard !bytes.isEmpty else { return }
        bytesFed += bytes.count
        guard bytesFed <= limits.maxPacketBytes else { throw .tooLarge(limit: limits.maxPacketBytes) }
        if !sawContent {
            sawContent = bytes.contains { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        }
        guard let context else { throw .malformed(line: 0, detail: "libxml2 could not create a parser") }
        xmlParseChunk(context, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), 0)
        try check()
    }

    /// Ends the input; throws if the document is incomplete.
    func finish() throws(EdXMLError) {
        guard sawContent else { throw .empty }
        guard let context else { throw .malformed(line: 0, detail: "libxml2 could not create a parser") }
        xmlParseChunk(context, nil, 0, 1)
        try check()
    }

    private func check() throws(EdXMLError) {
        if let failure { throw failure }
        guard let context, context.pointee.wellFormed == 0 || context.pointee.disableSAX != 0 else { return }
        var line = Int(context.pointee.input?.pointee.line ?? 0)
        var detail = "not well-formed"
        if let error = xmlCtxtGetLastError(context) {
            line = Int(error.pointee.line)
            if let message = error.pointee.message {
                detail = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        throw .malformed(line: line, detail: detail)
    }

    private func fail(_ error: EdXMLError) {
        if failure == nil { failure = error }
        if let context { xmlStopParser(context) }
    }

    private func start(
        _ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?, _ attributeCount: Int,
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard failure == nil, let localName else { return }
        sawElement = true
        depth += 1
        guard depth <= limits.maxDepth else { return fail(.tooDeep(limit: limits.maxDepth)) }
        var list: [XMLAttribute] = []
        if let attributes {
            for index in 0..<attributeCount {
                let base = attributes + index * 5  // localname, prefix, URI, value, end
                guard let name = base[0], let value = base[3], let end = base[4] else { continue }
                let bytes = UnsafeBufferPointer(start: value, count: end - value)
                list.append(XMLAttribute(name: string(name), namespace: base[2].map(string), value: String(decoding: bytes, as: UTF8.self)))
            }
        }
        do {
            try handler.startElement(
                name: string(localName), prefix: prefix.map(string), namespace: uri.map(string), attributes: list, depth: depth)
        } catch {
            fail(error)
        }
    }

    private func end() {
        guard failure == nil else { return }
        depth -= 1
        do { try handler.endElement() } catch { fail(error) }
    }

    private func text(_ bytes: UnsafePointer<xmlChar>?, _ count: Int32) {
        guard failure == nil, let bytes, count > 0 else { return }
        do { try handler.characters(UnsafeBufferPointer(start: bytes, count: Int(count))) } catch { fail(error) }
    }

    private func string(_ pointer: UnsafePointer<xmlChar>) -> String {
        String(cString: pointer)
    }

    private static func from(_ ctx: UnsafeMutableRawPointer?) -> HardenedSAXParser {
        Unmanaged<HardenedSAXParser>.fromOpaque(ctx!).takeUnretainedValue()
    }
}
