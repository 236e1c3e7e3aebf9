import Contracts
import Crypto
import Foundation
import TestSupport
import XCTest

@testable import RoutingService

/// The archive of a person who leaves (Sơn La regulation art. 22.1.c), read back with Python's zipfile, an
/// independent ZIP reader, and checked file by file against what was stored.
final class LeaverArchiveTests: XCTestCase {
    static let packet = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><edXML>gói tin thử</edXML>\n".utf8)
    static let attachment = Array("%PDF-1.7\n% Công văn đến số 123/STC-NS\n".utf8)

    func testTheHeadDownloadsTheArchiveOfAPersonWhoLeftOnceAllowed() async throws {
        let h = try await WorkflowHarness.make()
        let leaver = h.people.specialists[0], head = h.people.head
        let users = h.path("users/\(leaver)")

        // An incoming document with its packet and attachment, handled by the leaver as main handler.
        let packet = try await h.blobs.put(Self.packet, mediaType: "application/xml")
        let pdf = try await h.blobs.put(Self.attachment, mediaType: "application/pdf")
        var received = WorkflowHarness.received(subject: "Về việc báo cáo tình hình thực hiện dự toán ngân sách quý I")
        received.packet = packet
        received.attachments = [AttachmentRef(name: "123-STC-NS.pdf", blob: pdf)]
        let store = h.store
        try await h.database.withTransaction { tx in
            try await store.recordReceived(received, agency: h.agency, correlationId: received.documentId, in: tx)
            _ = try await store.recordRegistered(WorkflowHarness.registered(received, number: 12), agency: h.agency, correlationId: received.documentId, in: tx)
        }
        try await h.expect(.ok, .post, h.path("incoming/\(received.documentId)/submit"), as: h.people.clerk, json: "{}")
        let assigned = try await h.send(
            .post, h.path("incoming/\(received.documentId)/assign"), as: head,
            json: #"{"main": {"account": "\#(leaver)"}, "deadline": {"workingDays": 5}}"#)
        XCTAssertEqual(assigned.status, .ok, assigned.text)
        let task = try XCTUnwrap(try assigned.json(IncomingRoutes.Detail.self).tasks.first { $0.assignee == leaver })
        try await h.expect(.ok, .post, h.path("tasks/\(task.id)/accept"), as: leaver)
        try await h.expect(.ok, .post, h.path("tasks/\(task.id)/complete"), as: leaver, json: #"{"result": "Đã báo cáo UBND tỉnh."}"#)

        // A draft in two versions.
        let created = try await h.send(
            .post, h.path("drafts"), as: leaver,
            json: #"{"documentType": "Công văn", "subject": "V/v triển khai kế hoạch chuyển đổi số năm 2027", "recipients": ["000.00.01.H52"]}"#)
        XCTAssertEqual(created.status, .created, created.text)
        let draft = try created.json(DraftRoutes.Detail.self).draft.id
        try await h.expect(.ok, .put, h.path("drafts/\(draft)/files/du-thao.pdf?kind=main"), as: leaver, bytes: DraftingTests.pdf1)
        try await h.expect(.ok, .put, h.path("drafts/\(draft)/files/du-thao.pdf?kind=main"), as: leaver, bytes: DraftingTests.pdf2)

        // Before leaving, and before the head allows it: refused.
        try await h.expectCode("conflict", .get, users + "/archive", as: head, because: "still working here")
        try await h.expect(.ok, .post, users + "/leave", as: head, json: #"{"handedOverTo": "\#(h.people.clerk)"}"#)
        try await h.expectCode("conflict", .get, users + "/archive", as: head, because: "not allowed yet")
        try await h.expect(.ok, .post, users + "/archive-permission", as: head)
        try await h.expect(.forbidden, .get, users + "/archive", as: h.people.clerk, because: "the head or an admin downloads it")
        try await h.expect(.forbidden, .get, users + "/archive", as: h.people.specialists[1])

        let reply = try await h.send(.get, users + "/archive", as: head)
        XCTAssertEqual(reply.status, .ok, reply.text)
        XCTAssertEqual(reply.headers[.contentType], "application/zip")
        let zipSHA = SHA256.hash(data: Data(reply.body)).map { String(format: "%02x", $0) }.joined()
        XCTAssertEqual(reply.headers[.init("X-QLVB-SHA256")!], zipSHA)

        // Read with Python's zipfile: every member's CRC checks (testzip), the listed files, their bytes.
        let dir = NSTemporaryDirectory() + "leaver-archive-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(reply.body).write(to: URL(fileURLWithPath: dir + "/a.zip"))
        let script = """
            import zipfile, hashlib, json, sys
            z = zipfile.ZipFile(sys.argv[1])
            bad = z.testzip()
            sums = {}
            for line in z.read('SHA256SUMS').decode().splitlines():
                digest, path = line.split('  ', 1)
                sums[path] = digest == hashlib.sha256(z.read(path)).hexdigest()
            print(json.dumps({"bad": bad, "names": sorted(z.namelist()), "sums": sums,
                              "files": {n: z.read(n).decode('utf-8', 'replace') for n in z.namelist()}}))
            """
        let out = try runTool("python3", ["-c", script, dir + "/a.zip"])
        XCTAssertEqual(out.status, 0, out.all)
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        XCTAssertTrue(result["bad"] is NSNull, "a member fails its CRC: \(result["bad"] ?? "")")
        let names = try XCTUnwrap(result["names"] as? [String])
        let files = try XCTUnwrap(result["files"] as? [String: String])
        let folder = "van-ban-den/2026-0012-123-stc-ns"
        for expected in ["\(folder)/goi-tin-edxml.xml", "\(folder)/123-STC-NS.pdf", "\(folder)/xu-ly.txt", "README.txt", "SHA256SUMS", "danh-muc.csv"] {
            XCTAssertTrue(names.contains(expected), "\(expected) missing from \(names)")
        }
        XCTAssertEqual(files["\(folder)/123-STC-NS.pdf"], String(decoding: Self.attachment, as: UTF8.self))
        XCTAssertEqual(files["\(folder)/goi-tin-edxml.xml"], String(decoding: Self.packet, as: UTF8.self))
        XCTAssertTrue(files["\(folder)/xu-ly.txt"]?.contains("Đã báo cáo UBND tỉnh.") == true, files["\(folder)/xu-ly.txt"] ?? "")
        let drafts = names.filter { $0.hasPrefix("du-thao/") }
        XCTAssertEqual(drafts.filter { $0.hasSuffix("/du-thao.pdf") }.count, 2, "both versions: \(drafts)")
        // Creating the draft made v1 (no file yet); each upload a new version, the later one holds the revised text.
        XCTAssertTrue(drafts.contains { $0.hasSuffix("/v3/du-thao.pdf") && files[$0] == String(decoding: DraftingTests.pdf2, as: UTF8.self) }, "\(drafts)")
        XCTAssertTrue(drafts.contains { $0.hasSuffix("/v2/du-thao.pdf") && files[$0] == String(decoding: DraftingTests.pdf1, as: UTF8.self) }, "\(drafts)")
        XCTAssertTrue(drafts.contains { $0.contains("trien-khai-ke-hoach-chuyen-doi-so") }, "\(drafts)")
        XCTAssertTrue(names.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }, "ASCII paths: \(names)")
        let sums = try XCTUnwrap(result["sums"] as? [String: Bool])
        XCTAssertEqual(sums.count, names.count - 3, "every file but the three lists is summed")
        XCTAssertTrue(sums.values.allSatisfy { $0 }, "\(sums)")
        XCTAssertTrue(files["README.txt"]?.contains("\(head)") == true)

        // The download is audited with the archive's hash.
        let audit = try await h.audit("user.archive_downloaded")
        XCTAssertEqual(audit.map(\.actor), [head])
        XCTAssertEqual(audit.first?.subject, leaver)
        let recorded = try await h.database.query("""
            SELECT details->>'sha256' AS sha FROM \(identifier: AuditLog.schema(for: h.schema)).audit_log WHERE action = 'user.archive_downloaded'
            """).rows.first?.decode(String.self, "sha")
        XCTAssertEqual(recorded, zipSHA)

        // A damaged stored file stops the archive: nothing changed goes out, nothing more is audited.
        let path = try h.blobs.fileURL(for: pdf).path
        try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try Data("%PDF-1.7\n% đã bị sửa\n".utf8).write(to: URL(fileURLWithPath: path))
        let damaged = try await h.send(.get, users + "/archive", as: head)
        XCTAssertEqual(damaged.status, .internalServerError, damaged.text)
        XCTAssertTrue(damaged.text.contains(pdf.sha256) && damaged.text.contains("restore it from the backup"), damaged.text)
        let auditAfter = try await h.audit("user.archive_downloaded")
        XCTAssertEqual(auditAfter.count, 1)
        try? FileManager.default.removeItem(atPath: dir)
    }
}
