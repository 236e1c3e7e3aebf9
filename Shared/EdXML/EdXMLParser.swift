import Foundation

/// Parses a whole packet into memory, attachments included (decoded and unzipped).
///
/// For packets with large attachments prefer `EdXMLReader`, which streams them; this holds the packet bytes plus
/// each attachment once.
public struct EdXMLParser: Sendable {
    public var limits: EdXMLLimits

    public init(limits: EdXMLLimits = .default) {
        self.limits = limits
    }

    /// Parses either kind of packet.
    public func parse(_ data: Data) throws(EdXMLError) -> EdXMLMessage {
        try parse(.memory(data))
    }

    public func parse(contentsOf url: URL) throws(EdXMLError) -> EdXMLMessage {
        try parse(PacketInput.open(url))
    }

    /// Parses a document packet; a status packet is refused with `.wrongPacketKind`.
    public func parsePacket(_ data: Data) throws(EdXMLError) -> EdXMLPacket {
        guard case .document(let packet) = try parse(data) else { throw .wrongPacketKind(expected: "document") }
        return packet
    }

    /// Parses a status packet; a document packet is refused with `.wrongPacketKind`.
    public func parseStatus(_ data: Data) throws(EdXMLError) -> EdXMLStatusPacket {
        guard case .status(let status) = try parse(data) else { throw .wrongPacketKind(expected: "status") }
        return status
    }

    private func parse(_ input: PacketInput) throws(EdXMLError) -> EdXMLMessage {
        let session = try PacketReadSession(input: input, limits: limits)
        var contents: [Data] = []
        while try session.nextAttachment() != nil {
            var content = Data()
            while let chunk = try session.nextChunk() { content.append(chunk) }
            contents.append(content)
        }
        let (message, infos) = try session.finish()
        guard case .document(var packet) = message else { return message }
        packet.attachments = zip(infos, contents).map { EdXMLAttachment(info: $0.info, content: $1) }
        return .document(packet)
    }
}
