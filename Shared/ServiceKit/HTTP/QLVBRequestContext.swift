import Auth
import Hummingbird

/// A request context that carries the caller's verified identity, set by `AuthenticationMiddleware`.
///
/// Services with their own context conform it to this protocol to reuse the auth middleware.
public protocol IdentityRequestContext: RequestContext {
    /// The caller, or nil when the request carried no token.
    var identity: Identity? { get set }
}

/// The request context of every QLVB HTTP API.
public struct QLVBRequestContext: IdentityRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// The address of the connection's other end (the client, or the reverse proxy in front of us): unlike
    /// `X-Forwarded-For`, the caller cannot choose it. Nil when there is no socket (in-process tests).
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// JSON bodies that do not decode are refused naming the field, in the one error body.
    public var requestDecoder: QLVBRequestDecoder { QLVBRequestDecoder() }
}

extension IdentityRequestContext {
    /// The caller's identity, or a 401 for handlers reached without `RequireRoles`.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw AuthFailure(.missing) }
        return identity
    }
}
