/// The visible appearance of a signature (Decree 30, appendix I, boxes 7 and 8).
public enum SignatureAppearance: Sendable {
    /// Leader (box 7): the blue handwritten-signature PNG, centred, with the signer's name and signing time beneath.
    case leader(image: [UInt8])
    /// Agency (box 8): the red seal PNG at real size (the field's rectangle), no text.
    case agencySeal(image: [UInt8])
    /// Separate appendix file: text only (number of the main document + ISO 8601 signing time), Times 10 black.
    case appendix(documentNumber: String)

    func formXObject(size: PDFRect, signer: String, options: SignatureOptions, into upd: inout IncrementalUpdate) throws -> PDFRef {
        throw PDFSignError.unsupported("appearance")
    }
}
