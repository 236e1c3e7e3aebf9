import Drawing

/// The visible appearance of a signature (Decree 30, appendix I, boxes 7 and 8; domain §4).
public enum SignatureAppearance: Sendable {
    /// Leader (box 7): the blue handwritten-signature PNG, centred in the field, with the signer's name and signing time beneath.
    case leader(image: [UInt8])
    /// Agency (box 8): the red seal PNG filling the field (make the field the seal's real size), no text.
    case agencySeal(image: [UInt8])
    /// Separate appendix file: no image; the main document's số/ký hiệu and the ISO 8601 signing time, Times 10 black.
    case appendix(documentNumber: String)

    /// Times New Roman's metric twin in Debian (fonts-liberation2); Pango falls back to DejaVu Serif if it is missing.
    static let serif = "Liberation Serif"

    func formXObject(size: PDFRect, signer: String, options: SignatureOptions, into upd: inout IncrementalUpdate) throws -> PDFRef {
        let canvas = try AppearanceCanvas.make(width: size.width, height: size.height)
        let w = size.width, h = size.height
        switch self {
        case .leader(let image):
            let when = PDFDate.vietnamese(options.signingTime, offset: options.timeZoneOffset)
            let caption = "Ký bởi: \(signer)\nThời gian ký: \(when)"
            let font = "\(Self.serif) 8"
            let captionHeight = min(h * 0.4, canvas.measure(caption, font: font, width: w))
            try AppearanceCanvas.png(image, fitIn: PDFRect(x: 0, y: 0, width: w, height: max(1, h - captionHeight)), on: canvas)
            canvas.text(caption, font: font, x: 0, y: h - captionHeight, width: w, align: .center, rgb: (0, 0, 0))
        case .agencySeal(let image):
            try AppearanceCanvas.png(image, fitIn: PDFRect(x: 0, y: 0, width: w, height: h), on: canvas)
        case .appendix(let number):
            let when = PDFDate.iso8601(options.signingTime, offset: options.timeZoneOffset)
            canvas.text("\(signer)\n\(number)\n\(when)", font: "\(Self.serif) 10", x: 0, y: 0, width: w, align: .left)
        }
        var importer = try AppearanceImporter(pdf: try AppearanceCanvas.finish(canvas))
        return try importer.importFirstPage(into: &upd)
    }
}

/// Positions for Decree 30 signature boxes.
public enum SignatureLayout {
    /// The agency seal's rectangle (real size `sealSize` points) overlapping about a third of the leader's
    /// signature on its left, vertically centred on it (appendix I, II.8.a).
    public static func agencySeal(overlapping leader: PDFRect, sealSize: Double) -> PDFRect {
        PDFRect(x: leader.x + leader.width / 3 - sealSize, y: leader.y + leader.height / 2 - sealSize / 2, width: sealSize, height: sealSize)
    }

    /// Top-right corner of the first page, for the agency signature on a separate appendix file.
    public static func appendixStamp(in document: PDFDocument, width: Double = 190, height: Double = 40, margin: Double = 20) throws
        -> FieldPlacement
    {
        let page = try document.page(0)
        guard page.rotate == 0 else { throw PDFSignError.unsupported("visible signatures on rotated pages") }
        let box = page.mediaBox
        return FieldPlacement(
            page: 0, rect: PDFRect(x: box.maxX - margin - width, y: box.maxY - margin - height, width: width, height: height))
    }
}
