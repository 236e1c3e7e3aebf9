import Foundation

/// What the clerk, the leaders and the handlers may read of incoming documents.
enum IncomingQueries {
    /// The agency's registered documents, for the clerk and the leaders; `state` filters.
    static func list(
        _ acting: Acting, state: IncomingDocument.State?, limit: Int, offset: Int, reading: some IncomingReading
    ) async throws -> (items: [IncomingDocument], total: Int) {
        try IncomingPolicy.mayList(acting)
        return try await reading.documents(agency: acting.agency, state: state, limit: limit, offset: offset)
    }

    /// One document with its tasks and opinions, for the clerk, the leaders and whoever holds a task on it.
    static func detail(_ id: UUID, _ acting: Acting, reading: some IncomingReading) async throws -> IncomingDetail {
        let document = try IncomingPolicy.visible(try await reading.document(id, agency: acting.agency, forUpdate: false))
        let tasks = try await reading.tasks(ofDocument: id)
        try IncomingPolicy.mayRead(acting, tasks: tasks)
        return IncomingDetail(
            document: document, tasks: tasks, opinions: try await reading.opinions(ofDocument: id), links: try await reading.links(of: document))
    }
}
