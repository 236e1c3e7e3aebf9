import Contracts
import Dispatch
import Foundation
import PDFSign

/// Where the prepared fields go (Decree 30 appendix I): số/ký hiệu and date at the top of page 1,
/// the leader's signature and the agency seal (overlapping a third of it, on its left) on the last page.
enum DocumentLayout {
    static let numberField = "so_ky_hieu"
    static let dateField = "ngay"
    static let leaderField = "LeaderSig"
    static let agencyField = "AgencySig"
    static let sealSize = 85.0

    static func leaderRect(_ page: PDFPage) -> PDFRect {
        PDFRect(x: page.mediaBox.x + page.mediaBox.width * 0.6, y: page.mediaBox.y + page.mediaBox.height * 0.62, width: 150, height: 80)
    }

    static func textFields(_ first: PDFPage) -> [TextFieldSpec] {
        let top = first.mediaBox.maxY - 82, x = first.mediaBox.x
        return [
            TextFieldSpec(name: numberField, placement: FieldPlacement(page: 0, rect: PDFRect(x: x + 80, y: top, width: 170, height: 18))),
            TextFieldSpec(name: dateField, placement: FieldPlacement(page: 0, rect: PDFRect(x: x + 300, y: top, width: 250, height: 18))),
        ]
    }

    static func signatureFields(_ doc: PDFDocument) throws -> [(name: String, placement: FieldPlacement)] {
        let pages = try doc.pages()
        guard let last = pages.last else { throw PDFSignError(.damaged, "The document has no pages", vi: "Văn bản không có trang nào") }
        let leader = leaderRect(last)
        return [
            (leaderField, FieldPlacement(page: pages.count - 1, rect: leader)),
            (agencyField, FieldPlacement(page: pages.count - 1, rect: SignatureLayout.agencySeal(overlapping: leader, sealSize: sealSize))),
        ]
    }

    /// Adds the number/date text fields and the two empty signature fields; nil when already prepared.
    static func prepare(_ doc: PDFDocument) throws -> UpdatedPDF? {
        try FormPreparer.prepare(doc, textFields: textFields(try doc.page(0)), signatureFields: try signatureFields(doc))
    }

    /// `Số: 125/QĐ-UBND`, `Số: 05/UBND-KT` (a leading zero below 10) and `Sơn La, ngày 16 tháng 3 năm 2026` (Vietnam time).
    static func numberText(number: Int, notation: String) -> String { "Số: " + DocumentNumbered.codeText(number: number, notation: notation) }

    static func dateText(_ date: Date, place: String?) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        let c = calendar.dateComponents([.day, .month, .year], from: date)
        let day = c.day! < 10 ? "0\(c.day!)" : "\(c.day!)"
        let month = c.month! < 3 ? "0\(c.month!)" : "\(c.month!)"  // Decree 30: months 1 and 2 take a leading zero
        return (place.map { "\($0), " } ?? "") + "ngày \(day) tháng \(month) năm \(c.year!)"
    }
}

/// Runs CPU-heavy signing on Dispatch threads instead of the Swift cooperative pool, so a burst of
/// 50 MB signatures cannot starve the router, the outbox relay and the HTTP server.
final class SigningExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = SigningExecutor()
    private let queue = DispatchQueue(label: "qlvb.signing", qos: .userInitiated, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    static func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(shared) { try await body() }
    }
}

/// The PDF operations of the service and the CLI, file to file (inputs are read once, outputs streamed).
struct SigningEngine: Sendable {
    let keys: KeyStore
    var timestampAuthority: (any TimestampAuthority)?

    /// Prepares the document if it is not prepared yet, then signs the leader field with the visible appearance.
    func signLeader(input: String, output: String, signer: String, reason: String?, at time: Date) async throws {
        let (key, commonName) = try keys.key(for: signer)
        var doc = try PDFDocument(path: input)
        if let prepared = try DocumentLayout.prepare(doc) { doc = try prepared.document() }
        let options = SignatureOptions(
            fieldName: DocumentLayout.leaderField, appearance: keys.image(for: signer).map { .leader(image: $0) }, signingTime: time,
            reason: reason, signerName: commonName, timestampAuthority: timestampAuthority)
        try await PDFSigner.sign(doc, key: key, options: options).write(to: output)
    }

    /// Optionally fills text fields (form filling only), then signs the agency field with the seal.
    /// Returns the document's số/ký hiệu as written in its number field, for the appendices.
    func seal(input: String, output: String, agency: String, fill: [(name: String, value: String)], reason: String?, at time: Date)
        async throws -> String?
    {
        let (key, commonName) = try keys.key(for: agency)
        var doc = try PDFDocument(path: input)
        if !fill.isEmpty { doc = try FormPreparer.fill(doc, values: fill).document() }
        let number = try doc.field(named: DocumentLayout.numberField)?.dict["V"]?.textValue
        let exists = try doc.field(named: DocumentLayout.agencyField) != nil
        var placement: FieldPlacement?
        if !exists, let leader = try doc.field(named: DocumentLayout.leaderField)?.widgets.first,
            let w = try doc.object(leader).dictValue, let rect = Self.rect(try doc.resolve(w["Rect"]), in: doc)
        {
            placement = FieldPlacement(page: try pageIndex(of: w, in: doc), rect: SignatureLayout.agencySeal(overlapping: rect, sealSize: DocumentLayout.sealSize))
        } else if !exists {
            placement = try DocumentLayout.signatureFields(doc)[1].placement
        }
        let options = SignatureOptions(
            fieldName: DocumentLayout.agencyField, placement: placement, appearance: keys.image(for: agency).map { .agencySeal(image: $0) },
            signingTime: time, reason: reason, signerName: commonName, timestampAuthority: timestampAuthority)
        try await PDFSigner.sign(doc, key: key, options: options).write(to: output)
        return number
    }

    /// Seals a separate appendix at the top right of its first page: no image, the main document's số/ký hiệu and the time.
    func sealAppendix(input: String, output: String, agency: String, documentNumber: String, at time: Date) async throws {
        let (key, commonName) = try keys.key(for: agency)
        let doc = try PDFDocument(path: input)
        let options = SignatureOptions(
            fieldName: DocumentLayout.agencyField, placement: try SignatureLayout.appendixStamp(in: doc),
            appearance: .appendix(documentNumber: documentNumber), signingTime: time, signerName: commonName,
            timestampAuthority: timestampAuthority)
        try await PDFSigner.sign(doc, key: key, options: options).write(to: output)
    }

    static func rect(_ o: PDFObject, in doc: PDFDocument) -> PDFRect? {
        let n = (o.arrayValue ?? []).compactMap { try? doc.resolve($0) }.compactMap { v -> Double? in
            if case .real(let d) = v { return d }
            return v.intValue.map(Double.init)
        }
        guard n.count == 4 else { return nil }
        return PDFRect(x: min(n[0], n[2]), y: min(n[1], n[3]), width: abs(n[2] - n[0]), height: abs(n[3] - n[1]))
    }

    private func pageIndex(of widget: PDFDict, in doc: PDFDocument) throws -> Int {
        guard let p = widget["P"]?.refValue else { return try doc.pages().count - 1 }
        return try doc.pages().firstIndex { $0.ref == p } ?? doc.pages().count - 1
    }
}
