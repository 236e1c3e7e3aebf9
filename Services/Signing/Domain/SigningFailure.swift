import PDFSign

/// A business failure: becomes `signing.failed` with this code and reason.
struct SigningFailure: Error, CustomStringConvertible {
    var code: String
    var reason: String
    var description: String { "\(code): \(reason)" }

    /// Maps library errors to failure codes; nil for errors worth retrying (I/O, timestamp authority).
    static func from(_ error: any Error) -> SigningFailure? {
        if let f = error as? SigningFailure { return f }
        guard let e = error as? PDFSignError else { return nil }
        let code: String
        switch e.code {
        case .encrypted: code = "encrypted-pdf"
        case .truncated, .damaged, .hybridReference: code = "damaged-pdf"
        case .unsupported: code = "unsupported-pdf"
        case .fieldNotFound, .fieldAlreadySigned: code = "field-error"
        case .keyUnreadable: code = "wrong-password"
        case .io, .timestamp: return nil
        // Over a reader budget or in a reference loop: hostile, never worth retrying.
        default: code = e.isLimitViolation ? "refused-pdf" : e.code.rawValue
        }
        return SigningFailure(code: code, reason: "\(e.message) — \(e.vietnameseMessage)")
    }
}
