/// Hex helpers.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String { String(decoding: PDFSerializer.hex(bytes), as: UTF8.self).lowercased() }
}
