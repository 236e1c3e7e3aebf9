import ArgumentParser
import Foundation

/// The credentials the simulator presents to intake, as the axis does: its `systemId` and secret in the
/// `systemid` and `secret` headers. From `--credentials systemId:secret`, else `QLVB_AXIS_CREDENTIALS`;
/// none when intake is open.
struct AxisLogin: ParsableArguments {
    @Option(help: "systemId:secret for intake's QLVB_INTAKE_AXIS_CREDENTIALS (default: $QLVB_AXIS_CREDENTIALS).")
    var credentials: String?

    /// The headers to send, or none.
    var headers: [(name: String, value: String)] {
        guard let pair = credentials ?? ProcessInfo.processInfo.environment["QLVB_AXIS_CREDENTIALS"],
            let colon = pair.firstIndex(of: ":")
        else { return [] }
        return [("systemid", String(pair[..<colon])), ("secret", String(pair[pair.index(after: colon)...]))]
    }
}
