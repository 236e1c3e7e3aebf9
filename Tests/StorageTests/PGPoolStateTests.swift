import Testing
@testable import Storage

/// The pool's rules, driven without a server: connections are Ints, waiters are Strings.
@Suite struct PGPoolStateTests {
    typealias State = PGPoolState<Int, String>

    private func isCreate(_ action: State.CheckoutAction) -> Bool {
        if case .lease(.create) = action { return true }
        return false
    }

    @Test func leasesUpToCapacityThenQueuesCallers() {
        var state = State(capacity: 2)
        #expect(isCreate(state.checkout(id: 1, waiter: "a", isCancelled: false)))
        #expect(isCreate(state.checkout(id: 2, waiter: "b", isCancelled: false)))
        guard case .wait = state.checkout(id: 3, waiter: "c", isCancelled: false) else { Issue.record("expected wait"); return }
        #expect(state.open == 2 && state.waiters.count == 1)
    }

    @Test func releasedConnectionsGoToTheOldestWaiterFirst() {
        var state = State(capacity: 1)
        _ = state.checkout(id: 1, waiter: "holder", isCancelled: false)
        _ = state.checkout(id: 2, waiter: "first", isCancelled: false)
        _ = state.checkout(id: 3, waiter: "second", isCancelled: false)
        let released = state.release(10, reusable: true)
        guard let (waiter, lease) = released.wake, case .reuse(10) = lease else { Issue.record("expected hand-over"); return }
        #expect(waiter == "first" && released.close == nil)
        #expect(state.waiters.map(\.waiter) == ["second"])
    }

    @Test func aBrokenConnectionIsClosedAndItsSlotGoesToAWaiter() {
        var state = State(capacity: 1)
        _ = state.checkout(id: 1, waiter: "holder", isCancelled: false)
        _ = state.checkout(id: 2, waiter: "next", isCancelled: false)
        let released = state.release(10, reusable: false)
        #expect(released.close == 10)
        guard let (waiter, lease) = released.wake, case .create = lease else { Issue.record("expected a create lease"); return }
        #expect(waiter == "next" && state.open == 1)
    }

    @Test func idleConnectionsAreReusedBeforeNewOnesOpen() {
        var state = State(capacity: 2)
        _ = state.checkout(id: 1, waiter: "a", isCancelled: false)
        _ = state.release(10, reusable: true)
        guard case .lease(.reuse(10)) = state.checkout(id: 2, waiter: "b", isCancelled: false) else { Issue.record("expected reuse"); return }
        #expect(state.open == 1)
    }

    @Test func aCancelledWaiterLeavesTheQueue() {
        var state = State(capacity: 1)
        _ = state.checkout(id: 1, waiter: "holder", isCancelled: false)
        _ = state.checkout(id: 2, waiter: "impatient", isCancelled: false)
        #expect(state.cancel(id: 2) == "impatient")
        #expect(state.cancel(id: 2) == nil)
        guard case .cancelled = state.checkout(id: 3, waiter: "late", isCancelled: true) else { Issue.record("expected cancelled"); return }
        #expect(state.waiters.isEmpty)
    }

    @Test func aFailedConnectFreesTheSlotForTheNextWaiter() {
        var state = State(capacity: 1)
        _ = state.checkout(id: 1, waiter: "a", isCancelled: false)
        _ = state.checkout(id: 2, waiter: "b", isCancelled: false)
        guard let (waiter, lease) = state.connectFailed(), case .create = lease else { Issue.record("expected a create lease"); return }
        #expect(waiter == "b" && state.open == 1)
        #expect(state.connectFailed().map(\.0) == nil)
        #expect(state.open == 0)
    }

    @Test func shutdownClosesIdleFailsWaitersAndRefusesCheckouts() {
        var state = State(capacity: 2)
        _ = state.checkout(id: 1, waiter: "a", isCancelled: false)
        _ = state.checkout(id: 2, waiter: "b", isCancelled: false)
        _ = state.release(10, reusable: true)
        _ = state.checkout(id: 3, waiter: "c", isCancelled: false)  // takes idle 10
        _ = state.checkout(id: 4, waiter: "d", isCancelled: false)  // waits
        let (close, fail) = state.shutdown()
        #expect(close.isEmpty && fail == ["d"])
        guard case .closed = state.checkout(id: 5, waiter: "e", isCancelled: false) else { Issue.record("expected closed"); return }
        let released = state.release(10, reusable: true)
        #expect(released.close == 10 && released.wake.map(\.0) == nil)
    }
}
