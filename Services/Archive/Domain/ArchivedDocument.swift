import Contracts
import Foundation

/// What the archive knows of a document of the agency, from the events that describe it: enough to list it in a
/// dossier, find its bytes (blob references: nothing is copied) and keep its signatures' validation data.
struct ArchivedDocument: Codable, Sendable, Equatable {
    enum Direction: String, Codable, Sendable { case incoming, outgoing }

    var documentId: UUID
    var agency: String
    var direction: Direction
    var documentType: String?
    /// Trích yếu.
    var subject: String?
    /// Số/ký hiệu: the sender's for an incoming document, ours once an outgoing one is issued.
    var code: String?
    /// Ngày ban hành (incoming: the sender's; outgoing: the issue date).
    var documentDate: Date?
    /// Incoming: sender's name; outgoing: signer.
    var party: String?
    /// Số đến of an incoming document.
    var registerNumber: Int?
    /// The main content: the packet of an incoming document, the issued PDF of an outgoing one.
    var main: BlobRef?
    var attachments: [AttachmentRef]
    /// The incoming document an outgoing one answers.
    var answers: UUID?
    /// Main handler (incoming) or author of the draft (outgoing).
    var owner: String?
    /// False for an outgoing document never issued (a draft): taken out when its dossier closes.
    var issued: Bool
    var signatures: [SignatureRecord]

    /// Số và ký hiệu as written on the document (`123/STC-NS`, `05/QĐ-UBND`) from its two parts.
    static func code(number: String?, notation: String?) -> String? {
        switch (number, notation) {
        case let (n?, t?) where !n.isEmpty: "\(n)/\(t)"
        case let (_, t?): t
        default: nil
        }
    }
}

/// Validation data of one signature as the service that checked or made it recorded it (intake for the sender's
/// XML signature, signing for the leader's signature and the agency's seal); carried into the archive record.
struct SignatureRecord: Codable, Sendable, Equatable {
    /// `packet` (sender's XML-DSig, checked by intake), `leader`, `seal`.
    var kind: String
    /// Certificate subject or account.
    var signer: String?
    /// `valid`, `made` (signed by our signing service), `unverified`, `absent`.
    var verdict: String
    var at: Date
    /// The bytes signed (hash of the signed file).
    var sha256: String?
    var notes: [String]?
}
