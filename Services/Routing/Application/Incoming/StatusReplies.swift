import Contracts
import Foundation

extension Recorder {
    /// A processing status (04, 05, 06) back to the document's sender, named for the acting leader or handler.
    mutating func sendStatus(_ status: StatusCode, _ document: IncomingDocument, staff: some StaffDirectory) async throws {
        // A paper document (registered from its scan by numbering, `edxmlDocumentId` empty): its sender is not on the
        // axis, so no status packet goes back.
        if document.edxmlDocumentId?.isEmpty == true { return }
        let acting = context.acting
        let from = try await staff.organization(acting.agency)
        let name = try await staff.colleague(acting.principal)?.fullName ?? acting.principal
        try emit(try StatusReply.make(document, status, from: from, staff: name, at: context.now), correlationId: document.correlationId)
    }
}
