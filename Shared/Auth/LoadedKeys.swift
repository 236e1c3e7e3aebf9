import JWTKit
import Synchronization

/// A `JWTKeyCollection` whose key is added on first use, so issuers and verifiers keep a
/// synchronous initialiser although the collection is an actor. A race adds the same key twice,
/// which is harmless.
final class LoadedKeys: Sendable {
    private let keys = JWTKeyCollection()
    private let loaded = Atomic<Bool>(false)
    private let load: @Sendable (JWTKeyCollection) async -> Void

    init(_ load: @escaping @Sendable (JWTKeyCollection) async -> Void) {
        self.load = load
    }

    func collection() async -> JWTKeyCollection {
        if !loaded.load(ordering: .acquiring) {
            await load(keys)
            loaded.store(true, ordering: .releasing)
        }
        return keys
    }
}
