/// The register as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Vietnamese), CRLF line ends,
/// every field quoted with quotes doubled (RFC 4180).
enum RegisterCSV {
    static func render(_ entries: [IncomingEntry]) -> String { head + lines(entries) }

    /// The byte-order mark and the header row: what a streamed CSV starts with.
    static var head: String { "\u{FEFF}" + line(RegisterSheet.headers) }

    /// The byte-order mark and the header row of `sheet`'s register (incoming or follow-up).
    static func head(_ sheet: RegisterSheet) -> String { "\u{FEFF}" + line(sheet.headers) }

    static func lines(_ entries: [IncomingEntry], _ sheet: RegisterSheet) -> String {
        entries.reduce(into: "") { $0 += line(sheet.row($1)) }
    }

    /// The rows of `entries`, for a CSV written a batch at a time.
    static func lines(_ entries: [IncomingEntry]) -> String {
        var out = ""
        for e in entries { out += line(RegisterSheet.cells(e)) }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
    }

    /// Reads CSV written by `render` (or Excel): quoted fields with doubled quotes, commas and line breaks inside.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r\n" || c == "\n" || c == "\r" {
                row.append(field); rows.append(row); row = []; field = ""
            } else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
