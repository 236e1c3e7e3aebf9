import CDeflate

/// One-shot zlib-format (RFC 1950) compression, as PDF's FlateDecode uses it.
public enum Zlib {
    /// Inflates a whole zlib stream, refusing to produce more than `limit` bytes (a small stream can expand a
    /// thousandfold). A truncated stream gives what it holds, as most PDF readers do.
    public static func inflate(_ input: [UInt8], limit: Int = 1 << 30) throws(ZlibFailure) -> [UInt8] {
        let stream = try ZlibStream(.inflate, format: .zlib)
        var out: [UInt8] = []
        var offset = 0
        var failure: ZlibFailure?
        input.withUnsafeBytes { all in
            do throws(ZlibFailure) {
                while !stream.ended, out.count <= limit {
                    let before = out.count
                    let consumed = try stream.process(UnsafeRawBufferPointer(rebasing: all[offset...]), into: &out, maxOutput: min(65536, limit + 1 - out.count))
                    offset += consumed
                    if consumed == 0 && out.count == before { break }  // no progress: the input is exhausted (truncated)
                }
            } catch { failure = error }
        }
        if let failure { throw failure }
        guard out.count <= limit else { throw ZlibFailure(status: 0, message: "inflated data over \(limit) bytes") }
        return out
    }

    /// Compresses `input` in one call with `compress2` at `level` (6 is zlib's default trade-off).
    public static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8] {
        var destLen = compressBound(uLong(input.count))
        var out = [UInt8](repeating: 0, count: Int(destLen))
        let rc = compress2(&out, &destLen, input, uLong(input.count), level)
        precondition(rc == Z_OK, "compress2 failed")  // only out-of-memory; the buffer is large enough by construction
        return Array(out[0..<Int(destLen)])
    }
}
