import CDeflate

/// A raw-deflate stream (no zlib header), as inside ZIP entries. The `z_stream` lives at a fixed address because zlib
/// checks that it has not moved between calls.
final class ZlibStream {
    enum Direction { case inflate, deflate }

    struct Failure: Error {
        var message: String
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private let direction: Direction
    private(set) var ended = false

    init(_ direction: Direction) throws(Failure) {
        self.direction = direction
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let size = Int32(MemoryLayout<z_stream>.size)
        let status = switch direction {
        case .inflate: inflateInit2_(stream, -MAX_WBITS, zlibVersion(), size)
        case .deflate: deflateInit2_(stream, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(), size)
        }
        guard status == Z_OK else {
            stream.deallocate()
            throw Failure(message: "zlib init failed (\(status))")
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
    /// For deflate, `finish` flushes the end of the stream (call until `ended`).
    func process(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], maxOutput: Int, finish: Bool = false) throws(Failure) -> Int {
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
            case .deflate: deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
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
            throw Failure(message: message)
        }
        return consumed
    }
}

/// CRC-32 as ZIP uses it.
struct CRC32 {
    private(set) var value: UInt32 = 0

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        value = UInt32(crc32(uLong(value), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }
}
