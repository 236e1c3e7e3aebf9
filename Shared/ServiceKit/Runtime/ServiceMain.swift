import Foundation
import Hummingbird
import Messaging
import Storage

/// The whole `main` of a service executable: configuration, runtime, wiring, run.
///
/// A configuration problem stops start-up with a message naming every bad variable (exit 2);
/// any other start-up failure is printed and exits 1. `defaultConcurrency` is the service's own default for
/// `QLVB_CONCURRENCY` (handlers at once).
///
/// `<service> --print-topology` prints the RabbitMQ definitions of the queues the service would
/// consume (JSON for `rabbitmqctl import_definitions`) and exits, connecting to nothing;
/// `scripts/export-topology` gathers the seven into `infra/rabbitmq/definitions.json`.
public enum ServiceMain {
    public static func run(
        service: String, schema: String? = nil, migrations: [Migration] = [], defaultConcurrency: Int = 8,
        wire: @escaping @Sendable (ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void = { _ in { _ in } }
    ) async {
        let config: ServiceConfig
        do {
            config = try ServiceConfig.load(service: service, defaultConcurrency: defaultConcurrency)
        } catch {
            FileHandle.standardError.write(Data("\(service): cannot start: \(error)\n".utf8))
            exit(2)
        }
        if CommandLine.arguments.dropFirst().contains("--print-topology") {
            do {
                let runtime = try ServiceRuntime.offline(config: config, schema: schema ?? service)
                _ = try await wire(runtime)
                FileHandle.standardOutput.write(try BrokerDefinitions([runtime.router.topology]).encoded())
                exit(0)
            } catch {
                FileHandle.standardError.write(Data("\(service): cannot print the topology: \(error)\n".utf8))
                exit(1)
            }
        }
        do {
            let runtime = try await ServiceRuntime.start(config: config, schema: schema ?? service, migrations: migrations)
            let routes = try await wire(runtime)
            try await runtime.run(routes: routes)
        } catch {
            FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
            exit(1)
        }
    }
}
