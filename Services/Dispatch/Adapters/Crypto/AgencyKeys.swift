import EdXML
import Foundation
import OpenSSLSupport
import Synchronization

/// The agencies' keys for the XML signature of outgoing packets: `<agency code>.p12` in `QLVB_DISPATCH_KEY_DIR`, the
/// same files signing seals PDFs with. Each is read once, when first needed.
final class AgencyKeys: Sendable {
    let directory: URL?
    private let password: String?
    private let loaded = Mutex<[String: PKCS12Bundle]>([:])

    init(directory: URL?, password: String?) {
        self.directory = directory
        self.password = password
    }

    enum Failure: Error, CustomStringConvertible {
        case missing(String)
        case unreadable(String, String)
        var description: String {
            switch self {
            case .missing(let path): "no agency key at \(path)"
            case .unreadable(let path, let reason): "the agency key \(path) cannot be read: \(reason)"
            }
        }
    }

    /// Signs `packet` with the agency's key (enveloped XML-DSig, RSA-SHA256, its certificate in KeyInfo); returns it
    /// unchanged when no key directory is configured (development) or the agency has no key file there (`onMissing`
    /// is told): the legal signatures are the PDF's (domain.md §1.6), and receivers accept unsigned packets, so a
    /// missing agency key must not hold the document back. An unreadable key is an error.
    func sign(_ packet: Data, agency: String, onMissing: (String) -> Void = { _ in }) throws -> Data {
        let bundle: PKCS12Bundle?
        do { bundle = try self.bundle(agency) } catch Failure.missing(let path) {
            onMissing(path)
            return packet
        }
        guard let bundle else { return packet }
        var limits = EdXMLLimits.default
        limits.maxPacketBytes = max(limits.maxPacketBytes, packet.count + 1024 * 1024)
        return try EdXMLSignature.sign(packet, key: bundle.key, certificate: bundle.certificate, limits: limits)
    }

    private func bundle(_ agency: String) throws -> PKCS12Bundle? {
        guard let directory else { return nil }
        if let known = loaded.withLock({ $0[agency] }) { return known }
        let file = directory.appendingPathComponent("\(agency).p12")
        guard let bytes = FileManager.default.contents(atPath: file.path) else { throw Failure.missing(file.path) }
        let bundle: PKCS12Bundle
        do { bundle = try PKCS12Bundle(pkcs12: [UInt8](bytes), password: password ?? "") } catch {
            throw Failure.unreadable(file.path, error.reason)
        }
        loaded.withLock { $0[agency] = bundle }
        return bundle
    }
}
