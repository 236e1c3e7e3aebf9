/// Decodes base64 that arrives in arbitrary pieces, skipping whitespace (the SDK writes one line; others wrap at 76).
///
/// Strict otherwise: any character outside the alphabet, data after padding or a lone trailing character is an error.
/// Unpadded input is accepted.
struct Base64StreamDecoder {
    private var quad: UInt32 = 0
    private var filled = 0
    private var padding = 0
    /// A padded group ended the data: only whitespace may follow.
    private var done = false

    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        for byte in [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")] { table[Int(byte)] = 0xFE }
        table[Int(UInt8(ascii: "="))] = 0xFD
        return table
    }()

    struct Invalid: Error {}

    /// Appends the bytes decoded from `input` to `output`.
    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) throws(Invalid) {
        var failed = false
        var state = (quad: quad, filled: filled, padding: padding, done: done)
        let decoded = [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { out, count in
            Base64StreamDecoder.table.withUnsafeBufferPointer { table in
                var written = 0
                for byte in input {
                    let value = table[Int(byte)]
                    if value < 64 {
                        guard !state.done, state.padding == 0 else { failed = true; break }
                        state.quad = state.quad << 6 | UInt32(value)
                        state.filled += 1
                        if state.filled == 4 {
                            out[written] = UInt8(truncatingIfNeeded: state.quad >> 16)
                            out[written + 1] = UInt8(truncatingIfNeeded: state.quad >> 8)
                            out[written + 2] = UInt8(truncatingIfNeeded: state.quad)
                            written += 3
                            state.filled = 0
                            state.quad = 0
                        }
                    } else if value == 0xFE {
                        continue
                    } else if value == 0xFD {
                        // '=' may only complete a group of 2 or 3 characters.
                        guard !state.done, state.filled >= 2, state.filled + state.padding < 4 else { failed = true; break }
                        state.padding += 1
                        if state.filled + state.padding == 4 {
                            out[written] = UInt8(truncatingIfNeeded: state.quad >> (state.filled == 2 ? 4 : 10))
                            if state.filled == 3 { out[written + 1] = UInt8(truncatingIfNeeded: state.quad >> 2) }
                            written += state.filled - 1
                            state = (0, 0, 0, true)
                        }
                    } else {
                        failed = true
                        break
                    }
                }
                count = written
            }
        }
        guard !failed else { throw Invalid() }
        (quad, filled, padding, done) = state
        output.append(contentsOf: decoded)
    }

    /// Ends the input, emitting the last partial group of unpadded input.
    mutating func finish(into output: inout [UInt8]) throws(Invalid) {
        guard padding == 0 || done else { throw Invalid() }
        if filled > 0 { try flushPartial(into: &output) }
    }

    private mutating func flushPartial(into output: inout [UInt8]) throws(Invalid) {
        switch filled {
        case 2:
            output.append(UInt8(truncatingIfNeeded: quad >> 4))
        case 3:
            output.append(UInt8(truncatingIfNeeded: quad >> 10))
            output.append(UInt8(truncatingIfNeeded: quad >> 2))
        default:
            throw Invalid()
        }
        filled = 0
        padding = 0
        quad = 0
    }
}
