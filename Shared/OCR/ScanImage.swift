import CTesseract
import Foundation

/// A scanned page decoded by Leptonica (PNG, JPEG, TIFF): what Tesseract reads, and its pixels for the registered
/// copy's PDF.
public final class ScanImage: @unchecked Sendable {
    // Immutable after init; Tesseract only reads it.
    let pix: UnsafeMutablePointer<Pix>
    public let width: Int
    public let height: Int
    /// The scanner's resolution from the file (300 when the file does not say).
    public let dpi: Int
    /// `image/jpeg`, `image/png`, `image/tiff`.
    public let mediaType: String
    /// The file as scanned (a JPEG is embedded in the PDF as it is, not re-encoded).
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) throws(OCRError) {
        var format: Int32 = 0
        _ = bytes.withUnsafeBufferPointer { findFileFormatBuffer($0.baseAddress, &format) }
        let mediaType: String
        // Leptonica's IFF_* codes (imageio.h): 2 JPEG, 3 PNG, 4–10 and 17 TIFF.
        switch format {
        case 2: mediaType = "image/jpeg"
        case 3: mediaType = "image/png"
        case 4...10, 17: mediaType = "image/tiff"
        default: throw .unreadableImage("the scan is not a PNG, JPEG or TIFF image")
        }
        guard let pix = bytes.withUnsafeBufferPointer({ pixReadMem($0.baseAddress, $0.count) }) else {
            throw .unreadableImage("the scan image cannot be decoded")
        }
        self.pix = pix
        width = Int(pixGetWidth(pix))
        height = Int(pixGetHeight(pix))
        let xres = Int(pixGetXRes(pix))
        dpi = (70...2400).contains(xres) ? xres : 300
        self.mediaType = mediaType
        self.bytes = bytes
    }

    deinit {
        var p: UnsafeMutablePointer<Pix>? = pix
        pixDestroy(&p)
    }

    /// The pixels as 0x00RRGGBB words, row after row (`width` per row): Cairo's RGB24 layout.
    public func rgb24() -> [UInt32] {
        guard let color = pixConvertTo32(pix) else { return [] }
        var c: UnsafeMutablePointer<Pix>? = color
        defer { pixDestroy(&c) }
        let wpl = Int(pixGetWpl(color))
        guard let data = pixGetData(color) else { return [] }
        var out = [UInt32](repeating: 0, count: width * height)
        out.withUnsafeMutableBufferPointer { dst in
            for y in 0..<height {
                let row = data + y * wpl
                let base = y * width
                // Leptonica's 32 bpp word is 0xRRGGBBAA.
                for x in 0..<width { dst[base + x] = row[x] >> 8 }
            }
        }
        return out
    }
}
