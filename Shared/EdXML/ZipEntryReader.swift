import ZlibSupport

/// The local file header at the start of a ZIP archive.
struct ZipLocalHeader {
    static let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    var flags: UInt16
    var method: UInt16
    var crc: UInt32
    var compressedSize: UInt32
    var uncompressedSize: UInt32
    var name: String
    /// Header length including name and extra field.
    var length: Int

    enum Parse {
        case incomplete
        case header(ZipLocalHeader)
    }

    /// Reads the header from the start of `bytes`, which must begin with the local file header signature.
    static func parse(_ bytes: ArraySlice<UInt8>) -> Parse {
        guard bytes.count >= 30 else { return .incomplete }
        let b = bytes.startIndex
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[b + at]) | UInt16(bytes[b + at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        let nameLength = Int(u16(26))
        let length = 30 + nameLength + Int(u16(28))
        guard bytes.count >= length else { return .incomplete }
        let name = String(decoding: bytes[(b + 30)..<(b + 30 + nameLength)], as: UTF8.self)
        return .header(
            ZipLocalHeader(
                flags: u16(6), method: u16(8), crc: u32(14), compressedSize: u32(18), uncompressedSize: u32(22), name: name,
                length: length))
    }
}

/// Extracts the single entry of a ZIP archive that arrives in pieces (the government SDK wraps each attachment in one),
/// holding at most one input piece and one output chunk. Deflated and stored entries; CRC and entry count are checked.
final class ZipEntryReader {
    struct Failure: Error {
        var reason: String
    }

    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var header: ZipLocalHeader?
    private var inflater: ZlibStream?
    private var storedRemaining = 0
    private var inTrailer = false
    private var trailer: [UInt8] = []
    private var crc = CRC32()
    private(set) var produced: Int64 = 0

    func append(_ bytes: [UInt8]) {
        if pendingStart > 0, pendingStart == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
        } else if pendingStart > 256 * 1024 {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
        pending.append(contentsOf: bytes)
    }

    /// The next piece of the entry's bytes, or nil when more input is needed (or the entry is complete).
    func next(maxOutput: Int) throws(Failure) -> [UInt8]? {
        while true {
            if inTrailer {
                if trailer.count < 64 { trailer.append(contentsOf: pending[pendingStart...].prefix(64 - trailer.count)) }
                pendingStart = pending.count
                return nil
            }
            guard let header else {
                guard case .header(let parsed) = ZipLocalHeader.parse(pending[pendingStart...]) else { return nil }
                try start(parsed)
                continue
            }
            var output: [UInt8] = []
            if let inflater {
                var failure: ZlibFailure?
                let consumed = pending[pendingStart...].withUnsafeBytes { input -> Int in
                    do throws(ZlibFailure) { return try inflater.process(input, into: &output, maxOutput: maxOutput) } catch {
                        failure = error
                        return 0
                    }
                }
                if let failure { throw Failure(reason: "deflate data: \(failure.message)") }
                pendingStart += consumed
                inTrailer = inflater.ended
                if output.isEmpty && !inTrailer && consumed == 0 { return nil }
            } else {
                let count = min(storedRemaining, pending.count - pendingStart, maxOutput)
                output.append(contentsOf: pending[pendingStart..<(pendingStart + count)])
                pendingStart += count
                storedRemaining -= count
                inTrailer = storedRemaining == 0
                if count == 0 && !inTrailer { return nil }
            }
            crc.update(output)
            produced += Int64(output.count)
            if !output.isEmpty { return output }
        }
    }

    /// Checks, once the input has ended, that the entry was complete, intact and alone.
    func finish() throws(Failure) {
        guard let header else { throw Failure(reason: "truncated local header") }
        guard inTrailer else { throw Failure(reason: "truncated entry data") }
        var offset = 0
        var expectedCRC = header.crc
        if header.flags & 0x0008 != 0 {
            if trailer.starts(with: [0x50, 0x4B, 0x07, 0x08]) { offset = 4 }
            guard trailer.count >= offset + 4 else { throw Failure(reason: "missing data descriptor") }
            expectedCRC = trailer[offset..<(offset + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) }
            offset += 12
        } else if Int64(header.uncompressedSize) != produced {
            throw Failure(reason: "size is \(produced), header says \(header.uncompressedSize)")
        }
        guard expectedCRC == crc.value else { throw Failure(reason: "CRC mismatch") }
        for candidate in [offset, offset + 8] where trailer.count >= candidate + 4 {
            if Array(trailer[candidate..<(candidate + 4)]) == ZipLocalHeader.signature {
                throw Failure(reason: "the archive holds more than one entry")
            }
        }
    }

    private func start(_ parsed: ZipLocalHeader) throws(Failure) {
        guard parsed.flags & 0x0001 == 0 else { throw Failure(reason: "the entry is encrypted") }
        switch parsed.method {
        case 8:
            do { inflater = try ZlibStream(.inflate) } catch { throw Failure(reason: error.message) }
        case 0:
            guard parsed.flags & 0x0008 == 0 else { throw Failure(reason: "stored entry without sizes") }
            storedRemaining = Int(parsed.compressedSize)
        default:
            throw Failure(reason: "compression method \(parsed.method) is not supported")
        }
        header = parsed
        pendingStart += parsed.length
    }
}
