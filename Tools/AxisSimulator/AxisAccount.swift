import ArgumentParser
import AxisHTTP
import Foundation

/// Acting as one agency of the simulator's file, with its SDK settings (endpoint, systemId, secret).
struct AxisAccount: ParsableArguments {
    @Option(help: "The agencies file (endpoint, systemId, secret, name), e.g. .run/axis-agencies.tsv.")
    var agencies: String = ".run/axis-agencies.tsv"
    @Option(name: .customLong("as"), help: "Act as this systemId of the agencies file (its endpoint and secret).")
    var systemId: String?

    /// The client of the chosen agency, or nil when `--as` is not given.
    func client(_ http: AxisHTTP) throws -> VXPClient? {
        guard let systemId else { return nil }
        guard let agency = try AxisAgencies.load(agencies).agency(systemId) else {
            throw ValidationError("\(systemId) is not an agency of \(agencies)")
        }
        return VXPClient(endpoint: agency.endpoint, system: VXPSystem(systemId: agency.systemId, secret: agency.secret), http: http)
    }
}
