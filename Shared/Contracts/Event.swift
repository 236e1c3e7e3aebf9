import Foundation

/// A domain event that travels between services inside an ``Envelope``.
///
/// `type` follows `<aggregate>.<past participle>` and is the AMQP routing key; `version` changes
/// whenever the payload changes incompatibly, so a consumer can refuse what it does not know.
public protocol Event: Codable, Sendable, Equatable {
    static var type: String { get }
    static var version: Int { get }
}

/// Every event type the contracts know, for topology export and contract tests.
public enum EventCatalog {
    public static let all: [any Event.Type] = [
        DocumentReceived.self, DocumentRegistered.self, DocumentNumbered.self,
        SigningRequested.self, DocumentSigned.self, DocumentSealed.self, SigningFailed.self,
        DocumentDispatched.self, DeliveryStatus.self, StatusOutbound.self, StatusReceived.self,
        DocumentRevoked.self, DocumentUpdated.self, RevocationAnswered.self, DocumentRecalled.self, DocumentIssued.self,
        PacketForwarded.self,
        TaskAssigned.self, TaskAccepted.self, TaskCompleted.self, TaskOverdue.self,
        DossierClosed.self, DossierTransferDue.self, ArchiveAccepted.self,
        AccessRevoked.self,
    ]

    public static func isKnown(type: String) -> Bool { all.contains { $0.type == type } }
}
