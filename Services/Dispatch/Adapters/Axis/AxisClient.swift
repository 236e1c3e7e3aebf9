import AxisHTTP
import Foundation
import Messaging

/// What kind of packet sendEdoc carries (the SDK's messagetype).
enum AxisPacketKind: String, Sendable { case edoc, status }

/// The document axis (Trục liên thông văn bản) as dispatch sees it: where packets are sent.
protocol AxisClient: Sendable {
    /// `sendEdoc`: returns the axis's DocId.
    func send(_ packet: Data, kind: AxisPacketKind, from sender: String, to recipients: [String]) async throws -> String
}
