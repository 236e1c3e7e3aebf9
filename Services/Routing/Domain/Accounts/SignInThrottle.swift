import Foundation

/// Sign-in throttling (chống dò mật khẩu), by account name and by source address, so that nobody can lock the head
/// or the admin out by typing wrong passwords.
///
/// Failures in a row for one name from one address lock that name for that address only: the owner still signs in
/// from another. An address failing over many names (guessing, spraying) gets a progressive delay instead of a lock:
/// after `freeFailures` it waits 1 s, then 2, 4… at most the lock duration, counted from its last failure, and the
/// count starts again once the address has not failed for the lock duration.
enum SignInThrottle {
    /// Seconds the address still waits before its next attempt.
    static func sourceWait(failures: Int, lastFailure: Date?, now: Date, freeFailures: Int, window: TimeInterval) -> Int {
        guard let lastFailure, failures >= freeFailures else { return 0 }
        let elapsed = max(0, now.timeIntervalSince(lastFailure))
        guard elapsed < window else { return 0 }
        let delay = min(pow(2, Double(min(failures - freeFailures, 30))), window)
        return max(0, Int((delay - elapsed).rounded(.up)))
    }

    /// The key failures are counted under: the address as reported, or one bucket for requests that give none.
    static func sourceKey(_ source: String?) -> String { source ?? "" }
}
