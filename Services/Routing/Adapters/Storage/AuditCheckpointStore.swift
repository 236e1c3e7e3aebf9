import BlobStore
import Contracts
import Crypto
import Foundation

/// Where signed audit checkpoints are kept, outside the database: each checkpoint is a blob (JSON) in the blob
/// store; `<blob root>/audit-checkpoints/<schema>.latest` names the newest one's blob, and each names the one
/// before, so the whole list is found from the newest. Someone with only the database can neither forge nor
/// remove them.
struct AuditCheckpointStore: Sendable {
    static let mediaType = "application/vnd.qlvb.audit-checkpoint+json"

    let blobs: FileBlobStore
    /// `<blob root>/audit-checkpoints`, private to the installation's services (0700).
    let directory: URL
    /// Checks every checkpoint read: one that is not signed by this key is refused, never trusted.
    let publicKey: Curve25519.Signing.PublicKey

    init(blobs: FileBlobStore, publicKey: Curve25519.Signing.PublicKey) {
        self.blobs = blobs
        self.directory = blobs.root.appendingPathComponent("audit-checkpoints", isDirectory: true)
        self.publicKey = publicKey
    }

    struct Stored: Sendable {
        var checkpoint: AuditCheckpoint
        var ref: BlobRef
    }

    enum Failure: Error, CustomStringConvertible {
        case unsigned(BlobRef)
        case unreadable(String)

        var description: String {
            switch self {
            case .unsigned(let ref): "audit checkpoint \(ref.sha256) is not signed by the audit key: refused"
            case .unreadable(let why): "audit checkpoint unreadable: \(why)"
            }
        }
    }

    /// The newest checkpoint of `schema`, signature checked; nil when none was written yet.
    func latest(schema: String) async throws -> Stored? {
        let pointer = pointerURL(schema)
        guard FileManager.default.fileExists(atPath: pointer.path) else { return nil }
        let ref = try JSONDecoder().decode(BlobRef.self, from: Data(contentsOf: pointer))
        return try await read(ref)
    }

    /// Every checkpoint of `schema`, newest first, each signature checked.
    func all(schema: String) async throws -> [Stored] {
        var out: [Stored] = []
        var next = try await latest(schema: schema)
        while let stored = next {
            out.append(stored)
            guard let previous = stored.checkpoint.previous else { break }
            next = try await read(previous)
        }
        return out
    }

    /// Keeps `checkpoint` as a blob and makes it the newest, unless a newer one is there already (another copy of
    /// routing wrote it meanwhile).
    @discardableResult
    func write(_ checkpoint: AuditCheckpoint) async throws -> BlobRef {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let ref = try await blobs.put(try encoder.encode(checkpoint), mediaType: Self.mediaType)
        if let current = try? await latest(schema: checkpoint.schema), current.checkpoint.sequence >= checkpoint.sequence {
            return ref
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let pointer = pointerURL(checkpoint.schema)
        let temporary = directory.appendingPathComponent(".\(checkpoint.schema).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: try encoder.encode(ref), attributes: [.posixPermissions: 0o600]) else {
            throw Failure.unreadable("cannot write \(temporary.path)")
        }
        guard rename(temporary.path, pointer.path) == 0 else {
            let error = errno
            try? FileManager.default.removeItem(at: temporary)
            throw Failure.unreadable("cannot rename to \(pointer.path): errno \(error)")
        }
        return ref
    }

    private func read(_ ref: BlobRef) async throws -> Stored {
        let data = try await blobs.read(ref)
        let checkpoint = try JSONDecoder().decode(AuditCheckpoint.self, from: data)
        guard checkpoint.isSigned(by: publicKey) else { throw Failure.unsigned(ref) }
        return Stored(checkpoint: checkpoint, ref: ref)
    }

    private func pointerURL(_ schema: String) -> URL {
        directory.appendingPathComponent("\(schema).latest")
    }
}
