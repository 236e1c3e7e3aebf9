import HTTPTypes

/// Headers on every page: scripts and styles only from the site itself (no inline script), no framing by others,
/// frames (the PDF preview) only from the site itself.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'self'; frame-src 'self'; "
        + "frame-ancestors 'self'; form-action 'self'; base-uri 'none'"

    /// The policy on pages; files passed on from a service (a PDF shown in the preview frame) keep the browser's viewer.
    static func apply(to fields: inout HTTPFields, html: Bool) {
        if html { fields[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy }
        fields[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        fields[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        fields[HTTPField.Name("X-Frame-Options")!] = "SAMEORIGIN"
    }
}
