import Auth
import XCTest

@testable import WebSite

/// What a document's page shows of a revocation and of updates and replacements: the request's metadata, no
/// content while it is withheld, the 15/16 form for the clerk only, and the links in words.
final class RevocationPagesTests: XCTestCase {
    let clerk = Identity(account: "vanthu.ubnd", agency: "000.00.00.H52", roles: [.clerk])
    let head = Identity(account: "ld.ubnd", agency: "000.00.00.H52", roles: [.head])

    func detail(state: String, links: [[String: Any]] = []) -> [String: Any] {
        [
            "document": [
                "state": state == "refused" ? "submitted" : "revoked",
                "revocation": ["state": state, "reason": "Gửi nhầm nơi nhận", "staff": "Lò Thị Hoa", "requestedAt": "2026-03-03T07:30:00Z"],
            ] as [String: Any],
            "links": links,
        ]
    }

    func page(_ detail: [String: Any], _ identity: Identity) -> [String: Any] {
        WebSite.revocation(entry: nil, detail: detail, identity: identity, link: { "/ubnd" + $0 }, name: { ($0 as? String) ?? "" })
    }

    func testARequestedRevocationWithholdsTheContentAndOnlyTheClerkAnswers() {
        let forClerk = page(detail(state: "requested"), clerk)
        XCTAssertEqual(forClerk["canAnswerRevocation"] as? Bool, true)
        XCTAssertEqual(forClerk["contentWithheld"] as? Bool, true)
        XCTAssertEqual((forClerk["attachments"] as? [[String: Any]])?.count, 0)
        XCTAssertEqual(forClerk["preview"] as? Bool, false)
        let shown = forClerk["revocation"] as? [String: Any]
        XCTAssertEqual(shown?["reason"] as? String, "Gửi nhầm nơi nhận")
        XCTAssertEqual(shown?["requestedAt"] as? String, "03/03/2026 14:30")
        XCTAssertEqual(shown?["answer"] as? String, "Chờ văn thư trả lời")
        XCTAssertEqual(page(detail(state: "requested"), head)["canAnswerRevocation"] as? Bool, false)
    }

    func testARefusedRevocationShowsTheContentAgain() {
        let refused = page(detail(state: "refused"), clerk)
        XCTAssertNil(refused["contentWithheld"])
        XCTAssertNil(refused["attachments"], "the page keeps its attachments")
        XCTAssertEqual(refused["canAnswerRevocation"] as? Bool, false)
        XCTAssertEqual((refused["revocation"] as? [String: Any])?["answer"] as? String, "Đã từ chối thu hồi (16)")
    }

    func testLinksSayWhatReplacesWhat() {
        let links: [[String: Any]] = [
            ["direction": "changed_by", "change": "replacement", "edxmlDocumentId": "x", "documentId": "D2", "number": 6, "documentCode": "124/STC-NS"],
            ["direction": "changes", "change": "update", "edxmlDocumentId": "000.00.01.H52,2026/03/01,12/STC-NS"],
        ]
        let shown = page(detail(state: "refused", links: links), clerk)["links"] as? [[String: Any]] ?? []
        XCTAssertEqual(shown.map { $0["label"] as? String }, ["Được thay thế bởi văn bản", "Cập nhật văn bản"])
        XCTAssertEqual(shown.first?["href"] as? String, "/ubnd/van-ban/D2")
        XCTAssertEqual(shown.last?["code"] as? String, "000.00.01.H52,2026/03/01,12/STC-NS", "not arrived: the sender's DocumentId")
    }
}
