import Foundation

/// An edXML packet (document or status) for an agency hosted by this installation, handed by dispatch straight to
/// intake instead of through the axis. Intake checks it exactly as an axis delivery (`DeliveryProcessor`): the same
/// validation, deduplication on the edXML DocumentId, 01/02 answers.
public struct PacketForwarded: Event {
    public static let type = "packet.forwarded"
    public static let version = 1

    /// The packet file in the blob store.
    public var packet: BlobRef
    /// `edoc` or `status` (as the axis's messagetype).
    public var kind: String
    /// OrganId of the sending agency and of the hosted recipient.
    public var from: String
    public var to: String
    public var sentAt: Date

    public init(packet: BlobRef, kind: String, from: String, to: String, sentAt: Date) {
        self.packet = packet
        self.kind = kind
        self.from = from
        self.to = to
        self.sentAt = sentAt
    }
}
