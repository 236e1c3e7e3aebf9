import AxisHTTP
import Foundation
import Messaging

/// The axis reached with the government axis SDK's protocol (`VXPClient`, docs/axis.md): each packet is one signed
/// `sendEdoc` as the sending agency's system when it has its own on the axis, else as the installation's system.
///
/// Errors: an axis that cannot be reached or answers something unreadable, or refuses with a 5xx/408/429, is a
/// `TransientError` (retried with back-off by the delivery policy); any other refusal (unknown system, bad
/// signature) is a `PermanentError`, since it will be refused again. `sendEdoc` is not idempotent: a retry after a
/// lost answer can give the recipient a second copy, which its intake recognises by the edXML document id.
struct VXPAxisClient: AxisClient {
    let endpoint: String
    /// systemId → system: hosted agencies with a system of their own (their code as systemId).
    let systems: [String: VXPSystem]
    /// The installation's system, for senders without their own; nil: those cannot send.
    let installation: VXPSystem?
    /// The process's one axis HTTP client (`AxisHTTP.makeClient`, closed when the service stops).
    let http: AxisHTTP
    var timeout: Duration = .seconds(60)

    init(settings: DispatchAxisSettings, http: AxisHTTP) {
        self.init(endpoint: settings.endpoint, systems: settings.systems, installation: settings.installation, http: http)
    }

    init(endpoint: String, systems: [VXPSystem], installation: VXPSystem?, http: AxisHTTP) {
        self.endpoint = endpoint
        self.systems = Dictionary(systems.map { ($0.systemId, $0) }, uniquingKeysWith: { a, _ in a })
        self.installation = installation
        self.http = http
    }

    func client(for sender: String) -> VXPClient? {
        guard let system = systems[sender] ?? installation else { return nil }
        var client = VXPClient(endpoint: endpoint, system: system, http: http)
        client.timeout = timeout
        return client
    }

    func send(_ packet: Data, kind: AxisPacketKind, from sender: String, to recipients: [String]) async throws -> String {
        guard let client = client(for: sender) else {
            throw PermanentError(
                "no axis system for sender \(sender): set QLVB_DISPATCH_AXIS_SYSTEM_ID and QLVB_DISPATCH_AXIS_SECRET "
                    + "(or the sender in QLVB_DISPATCH_AXIS_SYSTEMS)")
        }
        do {
            return try await client.sendEdoc(packet, messageType: kind == .status ? .status : .edoc, from: sender, to: recipients)
        } catch {
            if error.isTransient { throw TransientError("\(error)") }
            throw PermanentError("\(error)")
        }
    }
}
