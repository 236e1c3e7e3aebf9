import Auth
import Foundation
import Hummingbird
import PDFSign
import ServiceKit

/// Wiring of the signing service: its handlers on the router and its HTTP routes.
///
/// N copies of the service compete on the same quorum queues (`signing.signing.requested`,
/// `signing.document.numbered`); prefetch and concurrency per copy are `QLVB_PREFETCH` and
/// `QLVB_CONCURRENCY`. The signature log makes a redelivered request return its first result.
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        let settings = try SigningSettings.load()
        runtime.logger.info("signing configuration", metadata: ["settings": "\(settings)"])
        let core = try makeCore(settings: settings, runtime: runtime)
        let approval = RequestApproval(verifier: try runtime.config.authPublicKeyPEM.map { try ApprovalKey.Verifier(publicKeyPEM: $0) })
        if approval.verifier == nil {
            runtime.logger.warning("QLVB_AUTH_PUBLIC_KEY is not set: no approval can be verified, every signing request is refused")
        }
        runtime.router.add(SignDocument(
            core: core, approval: approval, notice: RefusalNotice(publisher: runtime.publisher)))
        runtime.router.add(NumberAndSeal(core: core, defaultAgency: settings.agency))
        return { _ in }
    }

    static func makeCore(settings: SigningSettings, runtime: ServiceRuntime) throws -> SigningCore {
        let scratch = runtime.config.blobRoot.appendingPathComponent("tmp-signing", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return SigningCore(
            engine: SigningEngine(keys: KeyStore(settings: settings), timestampAuthority: settings.tsaURL.map { HTTPTimestampAuthority(url: $0) }),
            blobs: runtime.blobs, log: SignatureLog(schema: runtime.schema), place: settings.place, scratch: scratch)
    }
}
