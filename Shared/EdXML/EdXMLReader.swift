import Foundation

/// Reads edXML packets without holding attachments in memory: each attachment's decoded (and unzipped) bytes are
/// handed to a sink chunk by chunk, e.g. straight into the blob store.
///
/// ```swift
/// let result = try await EdXMLReader().read(contentsOf: packetURL) { info, chunks in
///     try await blobs.put(mediaType: info.contentType ?? "application/octet-stream") { writer in
///         for try await chunk in chunks { try await writer.write(chunk) }
///     }
/// }
/// ```
/// The packet is checked as it streams (DOCTYPE, depth, size, namespace, base64, ZIP, duplicate or unlisted content
/// ids when the manifest came first), and completely once it has ended: a sink may therefore have stored an attachment
/// of a packet that is refused afterwards. Peak memory is about one input piece (64 KiB) plus one chunk (256 KiB).
public struct EdXMLReader: Sendable {
    public var limits: EdXMLLimits

    public init(limits: EdXMLLimits = .default) {
        self.limits = limits
    }

    /// What a streamed read returns: the packet (whose `attachments` are empty) and what the sink made of each attachment.
    public struct Result<Stored> {
        public var message: EdXMLMessage
        public var attachments: [EdXMLStreamedAttachment<Stored>]
    }

    /// Reads a packet file.
    /// - Parameters:
    ///   - url: a local file.
    ///   - sink: called once per attachment, in document order, with what is known before its content (including
    ///     `zipped`) and its bytes. The bytes not consumed are skipped.
    public func read<Stored>(
        contentsOf url: URL, attachment sink: (EdXMLAttachmentInfo, EdXMLAttachmentChunks) async throws -> Stored
    ) async throws -> Result<Stored> {
        try await read(PacketInput.open(url), sink: sink)
    }

    /// Reads a packet already in memory.
    public func read<Stored>(
        _ data: Data, attachment sink: (EdXMLAttachmentInfo, EdXMLAttachmentChunks) async throws -> Stored
    ) async throws -> Result<Stored> {
        try await read(.memory(data), sink: sink)
    }

    private func read<Stored>(
        _ input: PacketInput, sink: (EdXMLAttachmentInfo, EdXMLAttachmentChunks) async throws -> Stored
    ) async throws -> Result<Stored> {
        let session = try PacketReadSession(input: input, limits: limits)
        var stored: [Stored] = []
        while let info = try session.nextAttachment() {
            stored.append(try await sink(info, EdXMLAttachmentChunks(session: session)))
        }
        let (message, infos) = try session.finish()
        return Result(
            message: message,
            attachments: zip(infos, stored).map { EdXMLStreamedAttachment(info: $0.info, byteCount: $0.byteCount, stored: $1) })
    }
}

/// The bytes of one attachment, in chunks of up to 256 KiB. Iterating drives the parser: it must stay in the task
/// that received it.
public struct EdXMLAttachmentChunks: AsyncSequence {
    public typealias Element = Data
    public typealias Failure = any Error

    let session: PacketReadSession

    public struct AsyncIterator: AsyncIteratorProtocol {
        let session: PacketReadSession

        public mutating func next() async throws -> Data? {
            try session.nextChunk()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(session: session)
    }
}

@available(*, unavailable)
extension EdXMLAttachmentChunks: Sendable {}
