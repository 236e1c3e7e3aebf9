import Foundation
import Hummingbird
import Messaging
import ServiceKit

/// The search's part of the archive service: `GET /search` over the documents' records, which the dossiers' handlers
/// write (`Wiring.wireDossiers`).
enum SearchWiring {
    static func wire(_ runtime: ServiceRuntime, settings: SearchSettings) -> SearchRoutes {
        let store = SearchIndexStore(schema: runtime.schema)
        return SearchRoutes(search: SearchDocuments(database: runtime.database, store: store, maxWait: settings.maxWait))
    }
}
