import Foundation
import Testing

@testable import RoutingService

@Suite("Sign-in throttling by source address")
struct SignInThrottleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("No delay until the free failures are used, then 1 s, 2 s, 4 s… from the last failure, at most the window")
    func progressive() {
        func wait(_ failures: Int, ago: TimeInterval = 0) -> Int {
            SignInThrottle.sourceWait(failures: failures, lastFailure: now.addingTimeInterval(-ago), now: now, freeFailures: 10, window: 900)
        }
        #expect(wait(9) == 0)
        #expect([10, 11, 12, 13].map { wait($0) } == [1, 2, 4, 8])
        #expect(wait(13, ago: 5) == 3)
        #expect(wait(13, ago: 8) == 0)
        #expect(wait(40) == 900)
        #expect(wait(1000) == 900, "no overflow")
        #expect(wait(40, ago: 900) == 0, "idle for the window: the count starts again")
        #expect(SignInThrottle.sourceWait(failures: 50, lastFailure: nil, now: now, freeFailures: 10, window: 900) == 0)
    }

    @Test("Requests that give no address share one bucket")
    func keys() {
        #expect(SignInThrottle.sourceKey(nil) == "")
        #expect(SignInThrottle.sourceKey("203.0.113.9") == "203.0.113.9")
    }
}
