/// The Sơn La attachment rules (regulation art. 7.4), read once for intake's packets and routing's drafts:
/// extensions txt, rtf, doc, docx, odt, pdf, csv, xls, xlsx, ods and images; names of ASCII letters, digits,
/// `-`, `_` and the extension's dot, at most 50 characters; at most 50 MB; bytes that match the extension.
public enum AttachmentRule {
    public static let maxNameLength = 50
    public static let maxBytes = 50 * 1024 * 1024

    /// What a file extension promises about the bytes.
    public enum Kind: String, Sendable {
        case pdf, ooxmlOrOdf, ole, png, jpeg, gif, tiff, bmp, rtf, text
    }

    static let kinds: [String: Kind] = [
        "pdf": .pdf, "docx": .ooxmlOrOdf, "xlsx": .ooxmlOrOdf, "odt": .ooxmlOrOdf, "ods": .ooxmlOrOdf,
        "doc": .ole, "xls": .ole, "png": .png, "jpg": .jpeg, "jpeg": .jpeg, "gif": .gif, "tif": .tiff, "tiff": .tiff,
        "bmp": .bmp, "rtf": .rtf, "txt": .text, "csv": .text,
    ]

    static let mediaTypes: [String: String] = [
        "pdf": "application/pdf", "doc": "application/msword", "xls": "application/vnd.ms-excel",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "tif": "image/tiff", "tiff": "image/tiff",
        "bmp": "image/bmp", "rtf": "application/rtf", "txt": "text/plain", "csv": "text/csv",
    ]

    /// Why a file name is refused.
    public enum NameProblem: Sendable, Equatable {
        case tooLong
        /// Not `name.ext` of ASCII letters, digits, `-` and `_`.
        case invalid
        case typeNotAllowed(extension: String)
    }

    /// The problem with a file name, or nil when it is allowed.
    public static func nameProblem(_ name: String) -> NameProblem? {
        guard name.count <= maxNameLength else { return .tooLong }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = { (s: Substring) in
            !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
        }
        guard parts.count == 2, allowed(parts[0]), allowed(parts[1]) else { return .invalid }
        guard kinds[parts[1].lowercased()] != nil else { return .typeNotAllowed(extension: String(parts[1])) }
        return nil
    }

    /// The lower-cased extension of a name (after its last dot).
    public static func fileExtension(_ name: String) -> String { name.split(separator: ".").last.map { $0.lowercased() } ?? "" }

    public static func kind(forName name: String) -> Kind? { kinds[fileExtension(name)] }

    /// The media type to store a file under, from its extension.
    public static func mediaType(forName name: String) -> String { mediaTypes[fileExtension(name)] ?? "application/octet-stream" }

    /// Whether the first bytes are what the kind promises (text: no NUL and not a program).
    public static func matches(_ kind: Kind, _ p: [UInt8]) -> Bool {
        func starts(_ magic: [UInt8]) -> Bool { p.count >= magic.count && Array(p.prefix(magic.count)) == magic }
        switch kind {
        case .pdf: return starts(Array("%PDF".utf8))
        case .ooxmlOrOdf: return starts([0x50, 0x4B, 0x03, 0x04])
        case .ole: return starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        case .png: return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .jpeg: return starts([0xFF, 0xD8, 0xFF])
        case .gif: return starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8))
        case .tiff: return starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A])
        case .bmp: return starts(Array("BM".utf8))
        case .rtf: return starts(Array("{\\rtf".utf8))
        case .text: return !p.contains(0) && !starts(Array("MZ".utf8)) && !starts([0x7F, 0x45, 0x4C, 0x46])
        }
    }
}
