import Foundation

/// Builds packets exactly as the government SDK lays them out: root `<edXML xmlns="…">`, `edXML:` prefixes inside the
/// envelope, an un-prefixed `AttachmentEncoded` after it, `yyyy/MM/dd` dates, base64 on one line, and attachments
/// zipped like the SDK when their `info.zipped` is true. Every packet is validated first (`EdXMLPacket.validate()`).
public struct EdXMLWriter: Sendable {
    public init() {}

    /// The whole packet in memory.
    public func data(for packet: EdXMLPacket) throws(EdXMLError) -> Data {
        try packet.validate()
        var output = Data(PacketSerialization.documentHead(packet).utf8)
        for (index, attachment) in packet.attachments.enumerated() {
            let encoder = try AttachmentEncoder(attachment.info, first: index == 0)
            output.append(encoder.head)
            output.append(encoder.encode(attachment.content))
            output.append(encoder.finish())
        }
        output.append(Data(PacketSerialization.end(hasAttachments: !packet.attachments.isEmpty).utf8))
        return output
    }

    public func data(for status: EdXMLStatusPacket) throws(EdXMLError) -> Data {
        try status.validate()
        return Data(PacketSerialization.status(status).utf8)
    }

    /// Streams a packet whose attachments are read piece by piece (e.g. from the blob store), so neither the packet nor
    /// any attachment is held whole in memory. `packet.attachments` is ignored; `attachments` are written in order.
    public func write(
        _ packet: EdXMLPacket, attachments: [EdXMLAttachmentSource], to output: (Data) async throws -> Void
    ) async throws {
        var header = packet
        header.attachments = []
        try header.validate()
        try EdXMLValidation.checkAttachments(attachments.map(\.info), against: packet.references)
        try await output(Data(PacketSerialization.documentHead(packet).utf8))
        for (index, attachment) in attachments.enumerated() {
            let encoder = try AttachmentEncoder(attachment.info, first: index == 0)
            try await output(encoder.head)
            for try await piece in attachment.chunks {
                let encoded = encoder.encode(piece)
                if !encoded.isEmpty { try await output(encoded) }
            }
            try await output(encoder.finish())
        }
        try await output(Data(PacketSerialization.end(hasAttachments: !attachments.isEmpty).utf8))
    }
}

/// An attachment to stream into a packet: its metadata and its file bytes.
public struct EdXMLAttachmentSource {
    public var info: EdXMLAttachmentInfo
    public var chunks: any AsyncSequence<Data, any Error>

    public init(info: EdXMLAttachmentInfo, chunks: any AsyncSequence<Data, any Error>) {
        self.info = info
        self.chunks = chunks
    }
}

/// File bytes → (ZIP) → base64 text of one attachment, with the XML around it.
final class AttachmentEncoder {
    let head: Data
    private let zip: ZipEntryWriter?
    private var base64 = Base64StreamEncoder()

    init(_ info: EdXMLAttachmentInfo, first: Bool) throws(EdXMLError) {
        head = Data(PacketSerialization.attachmentHead(info, first: first).utf8)
        zip = info.zipped ? try ZipEntryWriter(fileExtension: info.fileExtension) : nil
    }

    func encode(_ piece: Data) -> Data {
        if let zip { return base64.encode(zip.write(piece)) }
        return base64.encode([UInt8](piece))
    }

    func finish() -> Data {
        var tail = zip.map { base64.encode($0.finish()) } ?? Data()
        tail.append(base64.finish())
        tail.append(Data(PacketSerialization.attachmentTail.utf8))
        return tail
    }
}
