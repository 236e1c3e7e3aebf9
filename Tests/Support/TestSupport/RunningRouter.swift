import Messaging

/// Runs a router in the background until the returned task is cancelled; returns once it is connected.
public func running(_ router: MessageRouter) async throws -> Task<Void, any Error> {
    let task = Task { try await router.run() }
    guard try await eventually(.seconds(15), { router.isConnected }) else { throw TestFailure("router did not connect") }
    return task
}
