import Contracts
import Foundation

extension Recorder {
    /// `account.access_revoked`: every service refuses the account's tokens issued until now (roles changed, left,
    /// password reset, sessions ended), so the change takes effect at once rather than when the token expires.
    mutating func revokeAccess(_ account: String, agency: String, reason: String) throws {
        let event = AccessRevoked(account: account, agency: agency, notBefore: Date(), reason: reason)
        emit(try Envelope(event, occurredAt: event.notBefore, agency: agency))
    }
}
