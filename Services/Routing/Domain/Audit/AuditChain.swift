import Crypto
import Foundation

/// The hash chain of the audit log: `hash = SHA-256(previous hash ‖ canonical entry bytes)`, the first entry
/// chained to 32 zero bytes. Changing, inserting or removing any entry breaks every hash after it.
enum AuditChain {
    static let genesis = [UInt8](repeating: 0, count: 32)

    /// Unambiguous bytes of an entry: a version tag, then each field as `<utf8 length>:<text>` (`~` for nil), details
    /// sorted by the UTF-8 bytes of their keys. Length prefixes mean no field's content can imitate a separator.
    static func canonicalBytes(_ entry: AuditEntry, sequence: Int64, atMicroseconds: Int64) -> [UInt8] {
        var out = Array("qlvb-audit-v1\n".utf8)
        func field(_ text: String?) {
            guard let text else { out.append(UInt8(ascii: "~")); return }
            out += Array("\(text.utf8.count):".utf8)
            out += Array(text.utf8)
        }
        field(String(sequence))
        field(String(atMicroseconds))
        field(entry.actor)
        field(entry.onBehalfOf)
        field(entry.agency)
        field(entry.action)
        field(entry.subject)
        let details = entry.details.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        field(String(details.count))
        for (key, value) in details {
            field(key)
            field(value)
        }
        field(entry.source)
        return out
    }

    static func hash(previous: [UInt8], _ entry: AuditEntry, sequence: Int64, atMicroseconds: Int64) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonicalBytes(entry, sequence: sequence, atMicroseconds: atMicroseconds))
        return Array(hasher.finalize())
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
