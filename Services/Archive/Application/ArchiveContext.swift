import BlobStore
import Foundation
import Messaging
import Storage
import Contracts

/// What the archive's commands run on: one unit of work per action, the stores of the schema, the blob store (the
/// accepted records' packages) and the settings.
struct ArchiveContext: Sendable {
    let work: UnitOfWork
    let schema: String
    let blobs: any BlobStore
    var settings = ArchiveSettings()
    var now: @Sendable () -> Date = { Date() }

    var database: PGClient { work.database }
    var dossiers: DossierStore { DossierStore(schema: schema) }
    var catalog: DocumentCatalog { DocumentCatalog(schema: schema) }
    var fileList: FileListStore { FileListStore(schema: schema) }
    var disposals: DisposalStore { DisposalStore(schema: schema) }

    /// The dossier of the agency, locked for the command's change, or 404.
    func locked(_ id: UUID, agency: String, in tx: PGTransaction) async throws -> Dossier {
        guard let d = try await dossiers.dossier(id, agency: agency, forUpdate: true, executor: tx) else { throw ArchiveRefusals.noDossier }
        return d
    }
}

enum ArchiveRefusals {
    static let noDossier = Contracts.Refusal.notFound("no_such_dossier", "Không có hồ sơ này trong cơ quan", "no such dossier in this agency")
    static let noDocument = Contracts.Refusal.notFound(
        "no_such_document", "Không có văn bản này trong cơ quan", "no such document in this agency")
}
