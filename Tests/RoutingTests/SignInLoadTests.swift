import Contracts
import Foundation
import XCTest

@testable import RoutingService

/// Sign-in under a burst of bogus attempts: scrypt runs with no connection held, so the pool stays free for the real
/// user and the rest of routing.
final class SignInLoadTests: XCTestCase {
    func testARealSignInCompletesWithinASecondWhileFiftyBogusOnesRun() async throws {
        try await withPeople { f in
            let signIn = SignIn(people: f.people), specialists = f.specialists
            let clock = ContinuousClock()
            // Unknown accounts (the decoy hash) and wrong passwords for real ones, from many addresses.
            async let bogus: [String] = withTaskGroup(of: String.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        let account = i.isMultiple(of: 2) ? "khongco\(i).ubnd" : specialists[i % 4 / 2]
                        do {
                            _ = try await signIn.signIn(account: account, password: "sai-\(i)", onBehalfOf: nil, source: "203.0.113.\(i)")
                            return "signed in"
                        } catch let refusal as Refusal {
                            return refusal.code
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            try await Task.sleep(for: .milliseconds(20))  // the burst is under way
            let start = clock.now
            let real = try await signIn.signIn(account: f.clerk, password: PeopleFixtures.password, onBehalfOf: nil, source: "198.51.100.7")
            let elapsed = clock.now - start
            // Meanwhile the pool still answers the rest of routing.
            let listStart = clock.now
            try await assertEqual(try await f.send(.get, "\(f.base)/users", as: f.head).status, .ok)
            let listElapsed = clock.now - listStart
            let codes = await bogus

            XCTAssertEqual(real.account, f.clerk)
            XCTAssertLessThan(elapsed, .seconds(1), "the real sign-in took \(elapsed)")
            XCTAssertLessThan(listElapsed, .seconds(1), "a directory read took \(listElapsed)")
            XCTAssertEqual(codes.count, 50)
            XCTAssertTrue(Set(codes).isSubset(of: ["sign_in_refused", "sign_in_locked"]), "\(Set(codes))")
            print("sign-in under 50 bogus sign-ins: \(elapsed); directory read: \(listElapsed)")
        }
    }
    /// A burst from one address: failures are written only after the slow hash, so without a cap every one of them
    /// would be hashed before the first failure counted; with it, past the few running the rest are told to wait.
    func testABurstFromOneAddressIsNotAllHashed() async throws {
        try await withPeople { f in
            let signIn = SignIn(people: f.people)
            let codes: [String] = await withTaskGroup(of: String.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        do {
                            _ = try await signIn.signIn(account: "khongco\(i).ubnd", password: "sai-\(i)", onBehalfOf: nil, source: nil, client: "203.0.113.200")
                            return "signed in"
                        } catch let refusal as Refusal {
                            return refusal.code
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let delayed = codes.filter { $0 == "sign_in_delayed" }.count
            XCTAssertTrue(Set(codes).isSubset(of: ["sign_in_refused", "sign_in_delayed"]), "\(Set(codes))")
            XCTAssertGreaterThanOrEqual(delayed, 20, "hashed: \(codes.count - delayed) of 50")
            print("burst of 50 from one address: \(codes.count - delayed) hashed, \(delayed) told to wait")
        }
    }
}
