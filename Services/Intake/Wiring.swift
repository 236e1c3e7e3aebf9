import AxisHTTP
import Hummingbird
import ServiceKit

/// Wiring of the intake service: its HTTP routes, packets dispatch forwards to hosted agencies (`packet.forwarded`)
/// and, when configured, the axis poller.
enum Wiring {
    @Sendable static func wire(_ runtime: ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void {
        // `--print-topology` reads the wiring without serving: it needs no credentials.
        let settings = runtime.isOffline ? IntakeSettings.forOfflineCheck() : try IntakeSettings.load()
        if settings.axisCredentials.isOpen {
            runtime.logger.warning(
                "QLVB_DEVELOPMENT=1 and QLVB_INTAKE_AXIS_CREDENTIALS not set: POST /axis/deliveries accepts packets from any sender")
        }
        let processor = DeliveryProcessor(
            settings: settings, database: runtime.database, outbox: runtime.outbox, blobs: runtime.blobs, logger: runtime.logger)
        runtime.router.add(TakeForwardedPacket(processor: processor))
        if let url = settings.pollURL, !runtime.isOffline {
            let http = AxisHTTP(client: AxisHTTP.makeClient())
            runtime.keepUntilShutdown(AxisHTTP.Shutdown(client: http.client))
            runtime.runInBackground(AxisPoller(
                feed: url, credentials: settings.pollCredentials, interval: settings.pollInterval, processor: processor,
                logger: runtime.logger, http: http))
        }
        return routes(processor)
    }

    /// The routes on a processor; tests call this with their own processor on a fresh schema.
    static func routes(_ processor: DeliveryProcessor) -> (Router<QLVBRequestContext>) -> Void {
        let deliveries = DeliveryRoutes(processor: processor, maxBodyBytes: Int(processor.settings.maxAttachmentBytes) * 2 + 16 * 1024 * 1024)
        return { router in deliveries.add(to: router) }
    }
}
