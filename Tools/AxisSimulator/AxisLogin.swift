import ArgumentParser
import Foundation

/// The credentials the simulator presents to intake, as the axis does: `systemId:secret` sent with HTTP
/// Basic authentication. From `--credentials`, else `QLVB_AXIS_CREDENTIALS`; none when intake is open.
struct AxisLogin: ParsableArguments {
    @Option(help: "systemId:secret for intake's QLVB_INTAKE_AXIS_CREDENTIALS (default: $QLVB_AXIS_CREDENTIALS).")
    var credentials: String?

    /// The `Authorization` header value, or nil.
    var authorization: String? {
        guard let pair = credentials ?? ProcessInfo.processInfo.environment["QLVB_AXIS_CREDENTIALS"], !pair.isEmpty else { return nil }
        return "Basic " + Data(pair.utf8).base64EncodedString()
    }
}
