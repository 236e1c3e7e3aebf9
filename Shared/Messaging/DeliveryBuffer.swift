import AMQP
import Synchronization

/// Deliveries handed out by the consumer and not yet taken by a handler slot. `arrivals` rings when
/// there is something to take (rings coalesce), and ends after ``finish()`` once the last ring is read.
final class DeliveryBuffer: Sendable {
    let arrivals: AsyncStream<Void>
    private let bell: AsyncStream<Void>.Continuation
    private let waiting = Mutex<[Delivery]>([])

    init() {
        (arrivals, bell) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func append(_ deliveries: [Delivery]) {
        waiting.withLock { $0.append(contentsOf: deliveries) }
        bell.yield()
    }

    /// The oldest waiting deliveries, at most `max`.
    func take(max: Int) -> [Delivery] {
        waiting.withLock { w in
            let taken = Array(w.prefix(max))
            w.removeFirst(taken.count)
            return taken
        }
    }

    /// The consumer has stopped: no more arrivals after what is buffered.
    func finish() {
        bell.yield()
        bell.finish()
    }
}
