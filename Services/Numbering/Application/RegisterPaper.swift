import BlobStore
import Contracts
import Foundation
import Messaging
import Storage

/// The clerk registers a paper document (văn bản giấy đến, Decree 30/2020 art. 22): the scan is read with OCR, the
/// document takes the next số đến of the same incoming register as the electronic ones, the registered copy (scan,
/// text layer, ĐẾN stamp with its number) is stored, and `document.received` and `document.registered` go out as for a
/// document from the axis, so routing takes it the same way (its empty `edxmlDocumentId` says that no status packet
/// goes back: the sender is not on the axis).
///
/// The same sender, số ký hiệu and date already in the register (electronic or paper) is refused with
/// `possible_duplicate` naming its số đến, unless the clerk confirms (Phụ lục VI III.1.h); the line then notes it.
struct RegisterPaper: Sendable {
    var document: PaperDocument
    var agency: String
    var agencyName: String
    var clerk: String

    struct Result: Sendable, Codable {
        var entry: IncomingEntry
        /// How many words OCR read on the scan.
        var wordsRead: Int
    }

    func run(
        work: UnitOfWork, store: IncomingRegisterStore, blobs: any BlobStore, reader: ScanReader, now: Date
    ) async throws -> Result {
        var entry = try document.entry(documentId: UUID(), agency: agency, clerk: clerk, at: now)
        var files: [[UInt8]] = []
        for (i, page) in document.pages.enumerated() {
            guard let data = Data(base64Encoded: page.data, options: .ignoreUnknownCharacters), !data.isEmpty else {
                throw Refusal.badRequest("scan_unreadable", "Trang \(i + 1) của tệp quét không phải base64", "page \(i + 1) is not base64")
            }
            files.append([UInt8](data))
        }
        if let earlier = try await store.duplicate(of: entry, executor: work.database) {
            guard document.confirmDuplicate == true else {
                throw Refusal.conflict(
                    "possible_duplicate",
                    "Văn bản cùng nơi gửi, số ký hiệu và ngày đã vào sổ với số đến \(earlier); xác nhận nếu vẫn vào sổ",
                    "a document with the same sender, number and date is registered as \(earlier); confirm to register it anyway")
            }
            entry.duplicateOf = earlier
        }
        // Seconds a page: read before the transaction, which holds the register's counter.
        let pages = try await reader.read(files)
        let text = pages.map(\.ocr.text).joined(separator: "\n")
        if document.pageAmount == nil { entry.pageAmount = pages.count }
        // The files as uploaded: an image is a page ("trang-N"), a PDF its pages ("ban-quet-N.pdf").
        var scans: [AttachmentRef] = []
        for (i, file) in files.enumerated() {
            let onFile = pages.enumerated().filter { $0.element.file == i }
            guard let first = onFile.first else { continue }
            let mediaType = first.element.mediaType
            let name: String, description: String
            switch mediaType {
            case "application/pdf":
                (name, description) = ("ban-quet-\(i + 1).pdf", "Bản quét PDF, trang \(first.offset + 1)–\(onFile.last!.offset + 1)")
            default:
                let ext = mediaType == "image/jpeg" ? "jpg" : mediaType == "image/png" ? "png" : "tif"
                (name, description) = ("trang-\(first.offset + 1).\(ext)", "Bản quét trang \(first.offset + 1)")
            }
            scans.append(AttachmentRef(name: name, blob: try await blobs.put(file, mediaType: mediaType), description: description))
        }
        entry.attachments = scans
        let registered = try await work.run { tx, events in
            // Checked again under the transaction: two clerks registering the same paper at once.
            if entry.duplicateOf == nil, let earlier = try await store.duplicate(of: entry, executor: tx) {
                guard document.confirmDuplicate == true else {
                    throw Refusal.conflict(
                        "possible_duplicate", "Văn bản cùng nơi gửi, số ký hiệu và ngày đã vào sổ với số đến \(earlier)",
                        "a document with the same sender, number and date is registered as \(earlier)")
                }
                entry.duplicateOf = earlier
            }
            var (numbered, _) = try await store.register(entry, ocrText: text, in: tx)
            // The stamp carries the number: drawn while the counter row is locked (tens of milliseconds a page).
            let stamp = ArrivalStamp(
                agencyName: agencyName, number: numbered.number, day: VietnamTime.display(numbered.arrivedAt),
                forwardTo: document.forwardTo, fileNotation: document.fileNotation)
            let pdf = try RegisteredCopy.render(pages, stamp: stamp)
            numbered.packet = try await blobs.put(pdf, mediaType: "application/pdf")
            try await store.setPacket(numbered.documentId, numbered.packet, attachments: numbered.attachments, in: tx)
            let n = numbered
            events.emit(try Envelope(
                DocumentReceived(
                    documentId: n.documentId, edxmlDocumentId: "", sender: n.sender, codeNumber: n.codeNumber,
                    codeNotation: n.codeNotation, promulgationDate: n.promulgationDate, documentType: n.documentType,
                    subject: n.subject, priority: n.priority, signerName: n.signerName, dueDate: n.dueDate, packet: n.packet,
                    attachments: n.attachments, receivedAt: n.arrivedAt),
                correlationId: n.documentId, agency: agency))
            events.emit(try Envelope(
                DocumentRegistered(
                    documentId: n.documentId, register: n.register, year: n.year, number: n.number, registeredAt: n.registeredAt),
                correlationId: n.documentId, agency: agency))
            return n
        }
        return Result(entry: registered, wordsRead: pages.reduce(0) { $0 + $1.ocr.words.count })
    }
}
