import Foundation
import Hummingbird
import Messaging
import ServiceKit

/// The search's part of the archive service: the index's consumers (queues `archive.index.*`, so they never clash
/// with the dossiers' consumers of the same events) and `GET /search`.
enum SearchWiring {
    static func wire(_ runtime: ServiceRuntime, settings: SearchSettings) -> SearchRoutes {
        let store = SearchIndexStore(schema: runtime.schema)
        let text = DocumentTextReader(blobs: runtime.blobs)
        let router = runtime.router
        router.add(IndexReceived(store: store, text: text), queue: "archive.index.document.received")
        router.add(IndexRegistered(store: store), queue: "archive.index.document.registered")
        router.add(IndexReader(store: store), queue: "archive.index.task.assigned")
        router.add(IndexSigningRequest(store: store), queue: "archive.index.signing.requested")
        router.add(IndexIssued(store: store, text: text), queue: "archive.index.document.sealed")
        return SearchRoutes(search: SearchDocuments(database: runtime.database, store: store, maxWait: settings.maxWait))
    }
}
