/// Builds the header tree from SAX events and turns attachment content into a queue of decoded bytes.
///
/// Namespace-aware, prefix-agnostic: every element must be in the edXML namespace, except inside a `Signature`
/// (which may be in the W3C namespace, or in the edXML one as the SDK writes it).
final class PacketScanner: SAXEventHandler {
    enum Event {
        /// An attachment's content starts; what its `Attachment` element said before the content.
        case begin(EdXMLAttachmentInfo)
        case bytes([UInt8])
        case end
    }

    private let limits: EdXMLLimits
    private var stack: [ElementNode] = []
    private(set) var root: ElementNode?
    private var elementCount = 0
    /// Stack depth of the `Signature` element we are inside, if any.
    private var signatureDepth: Int?
    private var decoder: Base64StreamDecoder?
    private var currentContentId = ""
    private var manifestIds: Set<String>?
    private var attachmentIds: Set<String> = []
    private var anonymousAttachments = 0
    private var events: [Event] = []
    /// Decoded bytes not yet queued as an event.
    private var pendingBytes: [UInt8] = []
    private var eventsStart = 0

    init(limits: EdXMLLimits) {
        self.limits = limits
    }

    /// Takes the oldest queued event.
    func popEvent() -> Event? {
        if eventsStart == events.count { flushBytes() }
        guard eventsStart < events.count else {
            if eventsStart > 0 {
                events.removeAll(keepingCapacity: true)
                eventsStart = 0
            }
            return nil
        }
        defer { eventsStart += 1 }
        return events[eventsStart]
    }

    func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute], depth: Int) throws(EdXMLError) {
        // The SDK's own test data uses `edXML:` outside the element that declares it; libxml2 leaves it unbound.
        let namespace = namespace == nil && prefix == "edXML" ? EdXMLNamespace.edXML : namespace
        guard decoder == nil else { throw .badBase64(contentId: currentContentId) }  // markup inside base64 content
        elementCount += 1
        guard elementCount <= limits.maxElements else { throw .tooManyElements(limit: limits.maxElements) }
        if stack.isEmpty {
            guard name == "edXML" else { throw .notEdXML(root: name) }
        }
        if signatureDepth == nil {
            let isSignature = name == "Signature" && (namespace == EdXMLNamespace.xmlDSig || namespace == EdXMLNamespace.edXML)
            guard namespace == EdXMLNamespace.edXML || isSignature else {
                throw .wrongNamespace(element: name, namespace: namespace ?? "")
            }
            if isSignature { signatureDepth = stack.count }
        }
        var node = ElementNode(
            name: name, namespace: namespace,
            attributes: Dictionary(attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }))
        if name == "ContentTransferEncoded", stack.count == 3, stack[1].name == "AttachmentEncoded", stack[2].name == "Attachment" {
            guard !stack[2].children.contains(where: \.carriesAttachmentContent) else {
                throw .duplicateElement("AttachmentEncoded/Attachment/ContentTransferEncoded")
            }
            node.carriesAttachmentContent = true
            try beginAttachment(stack[2])
        }
        stack.append(node)
    }

    func endElement() throws(EdXMLError) {
        guard var node = stack.popLast() else { return }
        if node.carriesAttachmentContent, var decoder {
            do { try decoder.finish(into: &pendingBytes) } catch { throw .badBase64(contentId: currentContentId) }
            flushBytes()
            events.append(.end)
            self.decoder = nil
        }
        if stack.count == signatureDepth { signatureDepth = nil }
        if node.name == "edXMLManifest" {
            manifestIds = Set(node.all("Reference").map { strippingCID($0.text(of: "ContentId")) })
        }
        if node.children.isEmpty == false { node.textBytes = node.textBytes.allSatisfy(isWhitespace) ? [] : node.textBytes }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) throws(EdXMLError) {
        if var decoder {
            do { try decoder.decode(bytes, into: &pendingBytes) } catch { throw .badBase64(contentId: currentContentId) }
            self.decoder = decoder
            if pendingBytes.count >= 64 * 1024 { flushBytes() }
            return
        }
        guard !stack.isEmpty else { return }
        let index = stack.count - 1
        guard stack[index].textBytes.count + bytes.count <= limits.maxTextBytes else {
            throw .fieldTooLong(field: stack.map(\.name).joined(separator: "/"), max: limits.maxTextBytes)
        }
        stack[index].textBytes.append(contentsOf: bytes)
    }

    private func flushBytes() {
        guard !pendingBytes.isEmpty else { return }
        events.append(.bytes(pendingBytes))
        pendingBytes = []
        pendingBytes.reserveCapacity(64 * 1024 + 1024)
    }

    /// Checks what can be checked before any byte of the attachment is handed out, and queues its start.
    private func beginAttachment(_ attachment: ElementNode) throws(EdXMLError) {
        let rawId = attachment.text(of: "ContentId")
        let contentId: String
        if rawId.isEmpty {
            anonymousAttachments += 1
            contentId = "#\(anonymousAttachments)"
        } else {
            contentId = strippingCID(rawId)
            guard attachmentIds.insert(contentId).inserted else { throw .duplicateContentId(contentId) }
            if let manifestIds, !manifestIds.contains(contentId) { throw .attachmentWithoutManifest(contentId) }
        }
        currentContentId = contentId
        decoder = Base64StreamDecoder()
        let info = EdXMLAttachmentInfo(
            contentId: contentId, attachmentName: attachment.text(of: "AttachmentName"),
            description: attachment.nonEmptyText(of: "Description"), contentType: attachment.nonEmptyText(of: "ContentType"))
        events.append(.begin(info))
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

extension ElementNode {
    /// Trimmed text of the first child `name`, or "" (for checks made before the element is complete).
    func text(of name: String) -> String {
        children.first { $0.name == name }?.text ?? ""
    }

    func nonEmptyText(of name: String) -> String? {
        let text = text(of: name)
        return text.isEmpty ? nil : text
    }
}
