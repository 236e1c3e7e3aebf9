import Foundation

/// One read of one packet: feeds the parser on demand and hands out each attachment's bytes as they are decoded.
///
/// Memory stays bounded by one input piece (64 KiB) plus one output chunk, whatever the attachment size.
final class PacketReadSession {
    static let chunkSize = 256 * 1024

    private let scanner: PacketScanner
    private let parser: HardenedSAXParser
    private let feeder: PacketFeeder
    private let limits: EdXMLLimits
    private var current: AttachmentContentDecoder?
    private var currentInfo: EdXMLAttachmentInfo?
    private var currentInputEnded = false
    private(set) var streamed: [(info: EdXMLAttachmentInfo, zipped: Bool, byteCount: Int64)] = []

    init(input: PacketInput, limits: EdXMLLimits) throws(EdXMLError) {
        self.limits = limits
        scanner = PacketScanner(limits: limits)
        parser = HardenedSAXParser(handler: scanner, limits: limits)
        feeder = try PacketFeeder(input: input, parser: parser, limits: limits)
    }

    /// Advances to the next attachment; nil at the end of the packet. Its `zipped` flag is already known.
    func nextAttachment() throws(EdXMLError) -> EdXMLAttachmentInfo? {
        try skipRestOfAttachment()
        while true {
            guard let event = scanner.popEvent() else {
                guard try feeder.step() else { return nil }
                continue
            }
            guard case .begin(var info) = event else { continue }
            let decoder = AttachmentContentDecoder(contentId: info.contentId, attachmentName: info.attachmentName, limit: limits.maxAttachmentBytes)
            current = decoder
            currentInputEnded = false
            while !decoder.isDecided {
                try pull()
            }
            info.zipped = decoder.zipped
            currentInfo = info
            return info
        }
    }

    /// The next chunk of the current attachment's file bytes; nil when it is complete.
    func nextChunk() throws(EdXMLError) -> Data? {
        guard let decoder = current else { return nil }
        while true {
            switch try decoder.next(maxOutput: Self.chunkSize) {
            case .chunk(let bytes):
                return Data(bytes)
            case .finished:
                streamed.append((currentInfo!, decoder.zipped, decoder.byteCount))
                current = nil
                return nil
            case .needInput:
                try pull()
            }
        }
    }

    /// Reads the rest of the packet and maps it; call after the last attachment.
    func finish() throws(EdXMLError) -> (EdXMLMessage, [(info: EdXMLAttachmentInfo, byteCount: Int64)]) {
        while try nextAttachment() != nil {}
        guard let root = scanner.root else { throw .empty }
        let (message, infos) = try PacketMapping.message(from: root)
        guard infos.count == streamed.count else { throw .missingField("AttachmentEncoded/Attachment/ContentTransferEncoded") }
        let attachments = zip(infos, streamed).map { final, seen in
            var info = final
            info.zipped = seen.zipped
            return (info: info, byteCount: seen.byteCount)
        }
        return (message, attachments)
    }

    /// Moves decoded bytes of the current attachment from the scanner into its decoder, feeding the parser if needed.
    private func pull() throws(EdXMLError) {
        guard let decoder = current else { return }
        if currentInputEnded {
            decoder.endInput()
            return
        }
        while true {
            guard let event = scanner.popEvent() else {
                guard try feeder.step() else { throw .malformed(line: 0, detail: "the packet ends inside an attachment") }
                continue
            }
            switch event {
            case .bytes(let bytes):
                decoder.append(bytes)
            case .end:
                currentInputEnded = true
                decoder.endInput()
            case .begin:
                throw .malformed(line: 0, detail: "an attachment starts inside another")
            }
            return
        }
    }

    private func skipRestOfAttachment() throws(EdXMLError) {
        while current != nil {
            _ = try nextChunk()
        }
    }
}
