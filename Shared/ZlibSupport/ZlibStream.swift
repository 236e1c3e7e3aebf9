import CDeflate

/// A deflate or inflate stream fed in pieces, with the output of each call bounded by the caller (ZIP entries of
/// edXML packets, PDF streams). The `z_stream` lives at a fixed address because zlib checks that it has not moved
/// between calls.
public final class ZlibStream {
    public enum Direction: Sendable { case inflate, deflate }

    /// `raw`: no header or checksum, as inside ZIP entries. `zlib`: the RFC 1950 wrapper, as in PDF FlateDecode.
    public enum Format: Sendable { case raw, zlib }

    private let stream: UnsafeMutablePointer<z_stream>
    private let direction: Direction
    public private(set) var ended = false

    public init(_ direction: Direction, format: Format = .raw) throws(ZlibFailure) {
        self.direction = direction
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let size = Int32(MemoryLayout<z_stream>.size)
        let windowBits = format == .raw ? -MAX_WBITS : MAX_WBITS
        let status = switch direction {
        case .inflate: inflateInit2_(stream, windowBits, zlibVersion(), size)
        case .deflate: deflateInit2_(stream, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, zlibVersion(), size)
        }
        // Every stored property is set, so deinit runs after this throw and frees the stream (inflateEnd and
        // deflateEnd refuse a stream whose init failed).
        guard status == Z_OK else {
            throw ZlibFailure(status: status, message: "zlib init failed (\(status))")
        }
    }

    deinit {
        switch direction {
        case .inflate: inflateEnd(stream)
        case .deflate: deflateEnd(stream)
        }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Runs zlib over `input`, appending at most `maxOutput` bytes to `output`. Returns how many input bytes were consumed.
    /// For deflate, `finish` flushes the end of the stream (call until `ended`); `fullFlush` ends the output on a byte
    /// boundary with no history, so equal inputs give equal, repeatable pieces.
    public func process(
        _ input: UnsafeRawBufferPointer, into output: inout [UInt8], maxOutput: Int, finish: Bool = false, fullFlush: Bool = false
    ) throws(ZlibFailure) -> Int {
        guard !ended else { return 0 }
        var consumed = 0
        var status: Int32 = Z_OK
        let produced = [UInt8](unsafeUninitializedCapacity: maxOutput) { buffer, count in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = uInt(maxOutput)
            status = switch direction {
            case .inflate: inflate(stream, Z_NO_FLUSH)
            case .deflate: deflate(stream, finish ? Z_FINISH : fullFlush ? Z_FULL_FLUSH : Z_NO_FLUSH)
            }
            count = maxOutput - Int(stream.pointee.avail_out)
            consumed = input.count - Int(stream.pointee.avail_in)
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        output.append(contentsOf: produced)
        switch status {
        case Z_STREAM_END:
            ended = true
        case Z_OK:
            break
        case Z_BUF_ERROR where produced.isEmpty && consumed == 0:
            break  // no progress possible with this input; the caller brings more
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw ZlibFailure(status: status, message: message)
        }
        return consumed
    }
}
