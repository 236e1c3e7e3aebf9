/// PostgreSQL array literals for `unnest($1::text[])`, so a batch of rows goes in one statement
/// and still as a bound parameter, never as SQL text.
public enum PGArray {
    /// Built byte by byte: this runs for every outbox row, and Foundation's
    /// `replacingOccurrences` cost more than the insert itself.
    public static func literal(_ values: [String?]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(values.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            guard let value else {
                out.append(contentsOf: "NULL".utf8)
                continue
            }
            out.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Non-text values (uuid, bigint, int…), written as text and cast in SQL (`$1::uuid[]`).
    public static func literal(describing values: [(any CustomStringConvertible)?]) -> String {
        literal(values.map { $0?.description })
    }
}
