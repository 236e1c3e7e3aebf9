import Foundation
import Hummingbird
import Storage

/// The whole `main` of a service executable: configuration, runtime, wiring, run.
///
/// A configuration problem stops start-up with a message naming every bad variable (exit 2);
/// any other start-up failure is printed and exits 1.
public enum ServiceMain {
    public static func run(
        service: String, schema: String? = nil, migrations: [Migration] = [],
        wire: @escaping @Sendable (ServiceRuntime) async throws -> (Router<QLVBRequestContext>) -> Void = { _ in { _ in } }
    ) async {
        let config: ServiceConfig
        do {
            config = try ServiceConfig.load(service: service)
        } catch {
            FileHandle.standardError.write(Data("\(service): cannot start: \(error)\n".utf8))
            exit(2)
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
