import CTesseract
import Foundation
import Synchronization

/// Text recognition with Tesseract (libtesseract's C API) and its Vietnamese model (`tesseract-ocr-vie`).
///
/// The library rather than the `tesseract` binary: the model (15 MB for Vietnamese) is loaded once per engine instead
/// of once per page, the words come back with their boxes in memory (no hOCR file to parse), and failures are return
/// codes, not a child process's exit status. One engine recognises one page at a time (a `TessBaseAPI` is not
/// thread-safe); `recognize` holds its lock for the page.
public final class OCREngine: Sendable {
    private let handle: Mutex<OpaquePointer>
    public let language: String

    /// - Parameters:
    ///   - language: Tesseract's language code, `vie` for Vietnamese (`vie+eng` for mixed pages).
    ///   - dataPath: where the `.traineddata` files are; nil for the packaged ones (`TESSDATA_PREFIX` or Debian's path).
    public init(language: String = "vie", dataPath: String? = nil) throws(OCRError) {
        guard let api = TessBaseAPICreate() else { throw .initFailed("Tesseract could not be created") }
        guard TessBaseAPIInit3(api, dataPath, language) == 0 else {
            TessBaseAPIDelete(api)
            throw .initFailed("Tesseract has no model for '\(language)' (install tesseract-ocr-\(language))")
        }
        // A scanned page: automatic page segmentation, no orientation detection (the osd model may be absent).
        TessBaseAPISetPageSegMode(api, PSM_AUTO)
        handle = Mutex(api)
        self.language = language
    }

    deinit {
        handle.withLock { api in
            TessBaseAPIEnd(api)
            TessBaseAPIDelete(api)
        }
    }

    /// Recognises the text of `image` (its pixels, as decoded by ``ScanImage``): the page's text in reading order
    /// and each word with its box in the image's pixels.
    public func recognize(_ image: ScanImage) throws(OCRError) -> OCRPage {
        try handle.withLock { (api: inout OpaquePointer) throws(OCRError) -> OCRPage in
            TessBaseAPISetImage2(api, image.pix)
            TessBaseAPISetSourceResolution(api, Int32(image.dpi))
            defer { TessBaseAPIClear(api) }
            guard TessBaseAPIRecognize(api, nil) == 0 else { throw .recognitionFailed("Tesseract could not read the page") }
            var text = ""
            if let all = TessBaseAPIGetUTF8Text(api) {
                text = String(cString: all)
                TessDeleteText(all)
            }
            var words: [OCRWord] = []
            if let iterator = TessBaseAPIGetIterator(api) {
                defer { TessResultIteratorDelete(iterator) }
                let page = TessResultIteratorGetPageIterator(iterator)
                repeat {
                    guard let raw = TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
                    let word = String(cString: raw)
                    TessDeleteText(raw)
                    var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
                    guard TessPageIteratorBoundingBox(page, RIL_WORD, &left, &top, &right, &bottom) != 0,
                        !word.trimmingCharacters(in: .whitespaces).isEmpty
                    else { continue }
                    // The line's top and height too: a text layer drawn word by word on its line's box keeps one
                    // baseline a line, so a reader (and pdftotext) reads the line as one.
                    var lineLeft: Int32 = 0, lineTop: Int32 = top, lineRight: Int32 = 0, lineBottom: Int32 = bottom
                    _ = TessPageIteratorBoundingBox(page, RIL_TEXTLINE, &lineLeft, &lineTop, &lineRight, &lineBottom)
                    words.append(OCRWord(
                        text: word, x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top),
                        lineY: Int(lineTop), lineHeight: Int(lineBottom - lineTop),
                        confidence: Double(TessResultIteratorConfidence(iterator, RIL_WORD))))
                } while TessResultIteratorNext(iterator, RIL_WORD) != 0
            }
            return OCRPage(width: image.width, height: image.height, dpi: image.dpi, text: text, words: words)
        }
    }
}

/// A word Tesseract read, with its box in the image's pixels (origin top-left).
public struct OCRWord: Sendable, Equatable, Codable {
    public var text: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// The box of the word's line, top and height.
    public var lineY: Int
    public var lineHeight: Int
    /// 0–100.
    public var confidence: Double
}

/// What Tesseract read on one page.
public struct OCRPage: Sendable, Equatable, Codable {
    public var width: Int
    public var height: Int
    public var dpi: Int
    public var text: String
    public var words: [OCRWord]
}

public enum OCRError: Error, Sendable, CustomStringConvertible {
    case initFailed(String)
    case unreadableImage(String)
    case recognitionFailed(String)

    public var description: String {
        switch self {
        case .initFailed(let m), .unreadableImage(let m), .recognitionFailed(let m): m
        }
    }
}
