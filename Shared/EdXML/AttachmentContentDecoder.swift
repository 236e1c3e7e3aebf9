/// Turns an attachment's decoded base64 bytes into its file bytes: passes them through, or unzips the single entry when
/// the government SDK wrapped the file in a ZIP.
///
/// A ZIP is unwrapped only when it is the SDK's wrapper, not the file itself: an attachment named `*.zip` and office
/// files (DOCX, XLSX, ODT…, which are ZIP packages whose first entry is a package part) pass through unchanged.
final class AttachmentContentDecoder {
    enum Output {
        case chunk([UInt8])
        case needInput
        case finished
    }

    private enum Mode {
        case sniffing
        case plain
        case zip(ZipEntryReader)
    }

    private let contentId: String
    private let limit: Int64
    private var mode = Mode.sniffing
    private var buffered: [UInt8] = []
    private var inputEnded = false
    private var produced: Int64 = 0
    private var attachmentName: String?

    init(contentId: String, attachmentName: String?, limit: Int64) {
        self.contentId = contentId
        self.attachmentName = attachmentName
        self.limit = limit
    }

    /// Whether the content turned out to be an SDK ZIP; meaningful once `isDecided`.
    var zipped: Bool {
        if case .zip = mode { return true }
        return false
    }

    var isDecided: Bool {
        if case .sniffing = mode { return false }
        return true
    }

    var byteCount: Int64 { produced }

    func append(_ bytes: [UInt8]) {
        switch mode {
        case .zip(let reader): reader.append(bytes)
        case .sniffing, .plain: buffered.append(contentsOf: bytes)
        }
        decide()
    }

    func endInput() {
        inputEnded = true
        decide()
    }

    /// The next chunk of file bytes, at most `maxOutput` long.
    func next(maxOutput: Int) throws(EdXMLError) -> Output {
        decide()
        let output: Output
        switch mode {
        case .sniffing:
            return .needInput
        case .plain:
            if buffered.isEmpty {
                output = inputEnded ? .finished : .needInput
            } else if buffered.count <= maxOutput {
                output = .chunk(buffered)
                buffered = []
            } else {
                output = .chunk(Array(buffered.prefix(maxOutput)))
                buffered.removeFirst(maxOutput)
            }
        case .zip(let reader):
            do {
                if let chunk = try reader.next(maxOutput: maxOutput) {
                    output = .chunk(chunk)
                } else if inputEnded {
                    try reader.finish()
                    output = .finished
                } else {
                    output = .needInput
                }
            } catch {
                throw .badZip(contentId: contentId, reason: error.reason)
            }
        }
        if case .chunk(let bytes) = output {
            produced += Int64(bytes.count)
            guard produced <= limit else { throw .attachmentTooLarge(contentId: contentId, limit: limit) }
        }
        return output
    }

    private func decide() {
        guard case .sniffing = mode else { return }
        guard buffered.count >= 4 || inputEnded else { return }
        guard buffered.starts(with: ZipLocalHeader.signature), attachmentName?.lowercased().hasSuffix(".zip") != true else {
            mode = .plain
            return
        }
        switch ZipLocalHeader.parse(buffered[...]) {
        case .incomplete:
            if inputEnded { mode = .plain }
        case .header(let header):
            if Self.isPackagePart(header.name) {
                mode = .plain
            } else {
                let reader = ZipEntryReader()
                reader.append(buffered)
                buffered = []
                mode = .zip(reader)
            }
        }
    }

    /// First entries of ZIP-based document formats (OOXML, ODF, EPUB), which are files in their own right.
    static func isPackagePart(_ name: String) -> Bool {
        name == "[Content_Types].xml" || name == "mimetype"
            || ["_rels/", "docProps/", "word/", "xl/", "ppt/", "META-INF/"].contains { name.hasPrefix($0) }
    }
}
