import Foundation

/// One search of the archive (tra cứu văn bản): words, filters and the page, always inside one agency.
///
/// `text` is matched word by word (Vietnamese syllables) without regard to case or diacritics — "quyet dinh" finds
/// "Quyết định", "dat dai" finds "đất đai" — in the subject, type, sender, signer and the text of the PDFs, and as a
/// fragment of the số/ký hiệu ("12/QĐ-UBND", "qd-ubnd"). A quoted part is a phrase, `-word` excludes, `or` joins.
struct SearchQuery: Sendable, Equatable {
    enum Direction: String, Sendable, CaseIterable { case incoming, outgoing }
    enum Order: String, Sendable, CaseIterable { case newest, relevance }

    var agency: String
    var text: String?
    var direction: Direction?
    /// The document's day (arrival for incoming, issue for outgoing), inclusive, `yyyy-MM-dd`.
    var fromDay: String?
    var toDay: String?
    /// Sender's code, or a fragment of its name without diacritics.
    var sender: String?
    var documentType: String?
    var register: String?
    var year: Int?
    /// Only the documents filed in this dossier (hồ sơ) of the agency.
    var dossier: UUID?
    var order: Order = .newest
    var limit = 20
    var offset = 0
    /// Who may see what (``SearchAccess``).
    var readableBy: String?

    static let maxLimit = 100
    static let maxTextLength = 200
}

/// Need to know (Sơn La regulation art. 11), the rule of numbering's register: the clerk and the agency's leaders see
/// every document of their agency; anyone else only the documents they were assigned (main handler, co-handler,
/// reader) or sign.
enum SearchAccess: Equatable, Sendable {
    case wholeAgency
    case assignedTo(String)

    init(account: String, roles: Set<String>) {
        self = roles.isDisjoint(with: ["clerk", "head", "deputy"]) ? .assignedTo(account) : .wholeAgency
    }

    var readableBy: String? {
        switch self {
        case .wholeAgency: nil
        case .assignedTo(let account): account
        }
    }
}
