import Foundation

/// Where packet bytes come from: memory or a file read piece by piece.
enum PacketInput {
    case memory(Data)
    case file(FileHandle, path: String)

    static let pieceSize = 64 * 1024

    static func open(_ url: URL) throws(EdXMLError) -> PacketInput {
        do {
            return .file(try FileHandle(forReadingFrom: url), path: url.path)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Size in bytes when known up front.
    var size: Int? {
        switch self {
        case .memory(let data): data.count
        case .file(let handle, _): (try? handle.seekToEnd()).map { end in
            _ = try? handle.seek(toOffset: 0)
            return Int(end)
        }
        }
    }

    func close() {
        if case .file(let handle, _) = self { try? handle.close() }
    }
}

/// Drives a `HardenedSAXParser` over a `PacketInput`, one piece at a time.
final class PacketFeeder {
    private let input: PacketInput
    private let parser: HardenedSAXParser
    private var offset = 0
    private(set) var ended = false

    init(input: PacketInput, parser: HardenedSAXParser, limits: EdXMLLimits) throws(EdXMLError) {
        self.input = input
        self.parser = parser
        if let size = input.size, size > limits.maxPacketBytes { throw .tooLarge(limit: limits.maxPacketBytes) }
    }

    /// Parses the next piece; returns false once the whole input has been parsed.
    func step() throws(EdXMLError) -> Bool {
        guard !ended else { return false }
        switch input {
        case .memory(let data):
            guard offset < data.count else { return try end() }
            let count = min(PacketInput.pieceSize, data.count - offset)
            var failure: EdXMLError?
            data.withUnsafeBytes { bytes in
                do throws(EdXMLError) {
                    try parser.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
                } catch { failure = error }
            }
            if let failure { throw failure }
            offset += count
        case .file(let handle, let path):
            let piece: Data?
            do { piece = try handle.read(upToCount: PacketInput.pieceSize) } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
            guard let piece, !piece.isEmpty else { return try end() }
            var failure: EdXMLError?
            piece.withUnsafeBytes { bytes in
                do throws(EdXMLError) { try parser.feed(bytes) } catch { failure = error }
            }
            if let failure { throw failure }
        }
        return true
    }

    private func end() throws(EdXMLError) -> Bool {
        ended = true
        input.close()
        try parser.finish()
        return false
    }
}
