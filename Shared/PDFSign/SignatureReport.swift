/// The verification result of one signature in a PDF.
public struct SignatureReport: Sendable, CustomStringConvertible {
    public var fieldName: String
    public var subFilter: String?
    /// /M of the signature dictionary.
    public var claimedTime: String?
    public var signer: Certificate?
    public var byteRange: [Int] = []
    /// The byte range is [0 a b c], the gap is exactly /Contents, and it ends at the end of a revision.
    public var byteRangeValid = false
    /// The signature covers the whole file (no later revisions).
    public var coversWholeFile = false
    public var digestValid = false
    public var signatureValid = false
    public var certificateTrusted = false
    public var certificateError: String?
    /// Present: not PAdES baseline (should be false).
    public var hasSigningTimeAttribute = false
    public var hasSigningCertificateV2 = false
    public var timestamp: TimestampInfo?
    /// Changes made after this signature.
    public var modifications: ModificationLevel = .none
    /// DocMDP permission level (1-3) if this is a certification signature.
    public var docMDP: Int?
    /// Why the signature is invalid (first problem found), if it is.
    public var problem: String?

    /// Intact, trusted, and only signing/form filling after it (as DocMDP allows).
    public var isValid: Bool {
        byteRangeValid && digestValid && signatureValid && certificateTrusted && modifications != .other
            && (timestamp?.valid ?? true)
    }

    public var description: String {
        "\(fieldName): \(isValid ? "VALID" : "INVALID") (range \(byteRangeValid), digest \(digestValid), signature \(signatureValid), "
            + "trusted \(certificateTrusted), modifications \(modifications)\(problem.map { ", \($0)" } ?? ""))"
    }
}
