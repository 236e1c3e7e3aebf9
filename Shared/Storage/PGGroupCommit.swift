import Synchronization

/// Group commit: writes that callers submit while a transaction is being written wait and then
/// go together in the next one, so concurrent requests share one commit (one WAL flush) and a
/// few multi-row statements instead of a transaction each.
///
/// There is no writer task: the first caller to find nobody writing writes a batch; when it is
/// done and more writes are waiting, it hands the pen to the first of them. Each caller therefore
/// waits for at most the batch being written and its own. If a batch fails, its writes are tried
/// again one transaction each, so one bad write cannot fail the others.
public final class PGGroupCommit<Item: Sendable, Answer: Sendable>: Sendable {
    public typealias Write = @Sendable ([Item], PGTransaction) async throws -> [Answer]

    private let database: PGClient
    private let maxBatch: Int
    private let write: Write
    private let state = Mutex<(queue: [Waiter], writing: Bool)>(([], false))

    /// - Parameter write: writes the items in the transaction and returns one answer per item, in order.
    public init(database: PGClient, maxBatch: Int = 64, write: @escaping Write) {
        self.database = database
        self.maxBatch = max(1, maxBatch)
        self.write = write
    }

    /// Writes `item` in a transaction shared with whatever else is waiting; returns its answer once committed.
    public func submit(_ item: Item) async throws -> Answer {
        let waiter = Waiter(item)
        let leads = state.withLock { s -> Bool in
            s.queue.append(waiter)
            if s.writing { return false }
            s.writing = true
            return true
        }
        var signal: Signal = leads ? .lead : await waiter.next()
        while true {
            switch signal {
            case .done(let result): return try result.get()
            case .lead:
                await writeNextBatch()  // the waiter is first in the queue, so its item is in this batch
                signal = await waiter.next()
            }
        }
    }

    private func writeNextBatch() async {
        let batch = state.withLock { s -> [Waiter] in
            let taken = Array(s.queue.prefix(maxBatch))
            s.queue.removeFirst(taken.count)
            return taken
        }
        // In a task of its own: the batch holds other callers' writes, so cancelling the caller who happens to
        // write it must not cancel them.
        let items = batch.map(\.item)
        let results = await Task { await self.results(for: items) }.value
        for (waiter, result) in zip(batch, results) {
            waiter.signal(.done(result))
        }
        let next = state.withLock { s -> Waiter? in
            if let first = s.queue.first { return first }
            s.writing = false
            return nil
        }
        next?.signal(.lead)
    }

    private func results(for items: [Item]) async -> [Result<Answer, any Error>] {
        do {
            let answers = try await database.withTransaction { tx in try await write(items, tx) }
            precondition(answers.count == items.count, "a group-commit write must answer every item")
            return answers.map { .success($0) }
        } catch {
            guard items.count > 1 else { return [.failure(error)] }
            var results: [Result<Answer, any Error>] = []
            for item in items {
                do {
                    results.append(.success(try await database.withTransaction { tx in try await write([item], tx) }[0]))
                } catch {
                    results.append(.failure(error))
                }
            }
            return results
        }
    }

    private enum Signal: Sendable {
        case done(Result<Answer, any Error>)
        case lead
    }

    /// One caller's item and the signals it waits for: its result, or its turn to write.
    private final class Waiter: Sendable {
        let item: Item
        private let slot = Mutex<(continuation: CheckedContinuation<Signal, Never>?, pending: [Signal])>((nil, []))

        init(_ item: Item) { self.item = item }

        func next() async -> Signal {
            await withCheckedContinuation { c in
                let ready = slot.withLock { s -> Signal? in
                    if !s.pending.isEmpty { return s.pending.removeFirst() }
                    s.continuation = c
                    return nil
                }
                if let ready { c.resume(returning: ready) }
            }
        }

        func signal(_ signal: Signal) {
            let waiting = slot.withLock { s -> CheckedContinuation<Signal, Never>? in
                guard let c = s.continuation else {
                    s.pending.append(signal)
                    return nil
                }
                s.continuation = nil
                return c
            }
            waiting?.resume(returning: signal)
        }
    }
}
