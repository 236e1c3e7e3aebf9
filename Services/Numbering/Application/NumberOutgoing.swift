import Contracts
import Foundation
import Messaging
import Storage

/// The clerk asks for the number and date of a leader-signed document (Decree 30/2020 art. 15.3; Sơn La regulation
/// art. 12.3.a) and the system gives them: the next number of the document's series for this year, the date of
/// today in Vietnam, the ký hiệu of its type, and `document.numbered` for signing to write them into the PDF and seal.
///
/// Asking again answers the number already given (a retried request never takes a second number).
struct NumberOutgoing: Sendable {
    var documentId: UUID
    var agency: String
    var clerk: String
    /// Whether the document is legal-normative (its own series per type, the year in its ký hiệu).
    var normative: Bool
    /// The drafting unit's abbreviation, needed for a công văn (`UBND-KT`).
    var unit: String?

    struct Result: Sendable, Codable, Equatable {
        var number: OutgoingNumber
        var codeText: String
        var issuedOn: String
        /// False when the document already had this number.
        var isNew: Bool
    }

    func run(
        work: UnitOfWork, store: OutgoingRegisterStore, series: SeriesBook, abbreviations: AgencyAbbreviations, now: Date
    ) async throws -> Result {
        try await work.run { tx, events in
            guard let doc = try await store.document(documentId, agency: agency, forUpdate: true, executor: tx) else {
                throw Refusal.notFound(
                    "no_such_document", "Không có văn bản đi đã ký này của cơ quan", "no such leader-signed document of this agency")
            }
            if let given = try await store.liveNumber(of: documentId, executor: tx) {
                return Result(number: given, codeText: given.codeText, issuedOn: given.issuedOn, isNew: false)
            }
            guard doc.signedAt != nil else {
                throw Refusal.conflict(
                    "not_signed", "Văn bản chưa được lãnh đạo ký số, chưa thể cấp số", "the leader has not signed the document yet")
            }
            guard let type = doc.documentType else {
                throw Refusal.conflict(
                    "details_missing", "Chưa nhận được tên loại văn bản từ bước trình ký", "the document's type has not arrived from routing yet")
            }
            let agencyAbbreviation = try abbreviations.abbreviation(of: agency)
            let chosen = series.series(for: type, normative: normative)
            let unit = self.unit.map(Notation.clean)
            _ = try Notation.make(type: type, agency: agencyAbbreviation, unit: unit, normative: normative, year: VietnamTime.year(of: now))
            let number = try await store.take(
                document: documentId, agency: agency, register: chosen.code,
                notation: { year in (try? Notation.make(type: type, agency: agencyAbbreviation, unit: unit, normative: normative, year: year)) ?? "" },
                now: now, by: clerk, unit: unit, in: tx)
            events.emit(try Envelope(
                DocumentNumbered(
                    documentId: documentId, register: number.register, year: number.year, number: number.number,
                    notation: number.notation, issuedOn: number.issuedAt),
                correlationId: documentId, agency: agency))
            return Result(number: number, codeText: number.codeText, issuedOn: number.issuedOn, isNew: true)
        }
    }
}

/// The clerk takes a number back before the document is issued (e.g. the leader withdrew it, or sealing failed):
/// the number stays in the register, marked withdrawn with the reason, and is never given to another document.
/// The document may ask for a new number later.
struct WithdrawNumber: Sendable {
    var documentId: UUID
    var agency: String
    var clerk: String
    var reason: String

    func run(work: UnitOfWork, store: OutgoingRegisterStore, now: Date) async throws -> OutgoingNumber {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else {
            throw Refusal.badRequest("reason_required", "Cần ghi lý do thu hồi số (tối đa 500 ký tự)", "a reason (at most 500 characters) is required")
        }
        return try await work.run { tx, _ in
            guard try await store.document(documentId, agency: agency, forUpdate: true, executor: tx) != nil else {
                throw Refusal.notFound("no_such_document", "Không có văn bản đi này của cơ quan", "no such outgoing document of this agency")
            }
            if let withdrawn = try await store.withdraw(document: documentId, reason: reason, by: clerk, at: now, in: tx) {
                return withdrawn
            }
            if let live = try await store.liveNumber(of: documentId, executor: tx), live.state == .issued {
                throw Refusal.conflict(
                    "already_issued", "Văn bản số \(live.codeText) đã ban hành (đã ký số cơ quan), không thể thu hồi số",
                    "document \(live.codeText) is issued (sealed); its number cannot be withdrawn")
            }
            throw Refusal.conflict("not_numbered", "Văn bản chưa được cấp số", "the document has no number to withdraw")
        }
    }
}
