import Auth
import BlobStore
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import ServiceKit

/// `GET /agencies/:agency/users/:account/archive`: the archive of a person who left, as one ZIP (art. 22.1.c).
///
/// A person who left can no longer sign in, so the head or an admin downloads it to hand it over; only once the
/// head has allowed it (`POST …/archive-permission`), and every download is in the audit log with the archive's
/// SHA-256, so what was handed over can be checked later.
struct LeaverArchiveRoutes: Sendable {
    let env: WorkflowEnvironment
    let blobs: any BlobStore

    func add(to router: Router<QLVBRequestContext>) {
        router.group("agencies/:agency/users/:account/archive")
            .add(middleware: RequireRoles([.head, .admin])).add(middleware: RefuseDelegated()).get(use: download)
    }

    @Sendable func download(_ request: Request, context: QLVBRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let agency = try context.parameters.require("agency"), account = try context.parameters.require("account")
        let person = try await PeopleStore(schema: env.schema).requirePerson(account, agency: agency, on: env.database)
        guard person.status == "left", let grantedBy = person.archiveGrantedBy else {
            throw PeopleError.conflict(
                "thủ trưởng chưa cho phép tải dữ liệu của tài khoản này (Quy chế Điều 22.1.c) / the head has not allowed this account's data to be downloaded")
        }
        let now = env.now()
        let entries = try await LeaverArchive(schema: env.schema).entries(of: account, agency: agency, on: env.database)
        let readme = """
            Dữ liệu tài khoản \(account) (\(person.fullName)), \(agency)
            Thủ trưởng \(grantedBy) cho phép tải\(person.archiveGrantedAt.map { " ngày \(LeaverArchive.stamp($0))" } ?? "") (Quy chế Điều 22.1.c).
            Tải bởi \(identity.account) lúc \(LeaverArchive.stamp(now)).
            van-ban-den/: văn bản đến tài khoản đã xử lý (gói tin, tệp đính kèm, xu-ly.txt);
            du-thao/: dự thảo tài khoản đã soạn (mọi phiên bản, lich-su.txt).
            danh-muc.csv: danh mục tệp; SHA256SUMS: kiểm tra bằng `sha256sum -c SHA256SUMS`.

            Data of account \(account), allowed by the head \(grantedBy), downloaded by \(identity.account).
            van-ban-den/: incoming documents handled; du-thao/: drafts written, every version; danh-muc.csv lists the
            files, SHA256SUMS checks them.

            """
        let url = blobs.scratchDirectory.appendingPathComponent("leaver-\(UUID().uuidString).zip")
        let written: LeaverArchiveWriter.Written
        do {
            written = try await LeaverArchiveWriter(blobs: blobs).write(entries, readme: readme, to: url)
        } catch let error as BlobStoreError {
            try? FileManager.default.removeItem(at: url)
            throw Refusal(
                .internalError, code: "stored_file_damaged",
                vietnamese: "Một tệp lưu trữ bị hỏng hoặc bị mất, chưa tạo bộ dữ liệu; hãy khôi phục tệp từ bản sao lưu: \(error)",
                english: "a stored file is damaged or missing, no archive was made; restore it from the backup: \(error)")
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        let source = RequestSource.of(request, context: context)
        try await env.database.withTransaction { tx in
            _ = try await AuditLog.append(
                AuditEntry(identity, action: "user.archive_downloaded", subject: account,
                           details: ["files": String(written.files), "bytes": String(written.bytes), "sha256": written.sha256],
                           source: source),
                schema: env.schema, in: tx)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"\(LeaverArchive.fileName(account))-\(String(LeaverArchive.stamp(now).prefix(10))).zip\""
        headers[HTTPField.Name("X-QLVB-SHA256")!] = written.sha256
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: Int(written.bytes)) { writer in
            defer { try? FileManager.default.removeItem(at: url) }
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        })
    }
}
