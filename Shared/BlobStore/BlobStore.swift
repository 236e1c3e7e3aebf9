import Contracts
import Foundation

/// Content-addressed storage for packets and documents (gói tin edXML, văn bản PDF).
///
/// Every blob is named by the SHA-256 of its bytes, so storing the same content twice stores it
/// once and a `BlobRef` can travel inside an AMQP message instead of the bytes themselves.
///
/// This protocol is the seam between services and the storage medium: `FileBlobStore` keeps blobs
/// on a local or shared volume; an S3-compatible store can conform later without touching callers.
/// Every implementation must verify hash and size on read and must never expose a partially
/// written blob under its hash.
public protocol BlobStore: Sendable {
    /// Stores bytes already in memory.
    func put(_ data: Data, mediaType: String) async throws -> BlobRef

    /// Stores the contents of a local file, streaming it rather than loading it whole.
    func put(contentsOf fileURL: URL, mediaType: String) async throws -> BlobRef

    /// Stores bytes produced chunk by chunk, e.g. a base64-decoded 50 MB attachment.
    ///
    /// If `write` throws, nothing is stored and the error is rethrown.
    func put(mediaType: String, _ write: (any BlobWriter) async throws -> Void) async throws -> BlobRef

    /// Reads a whole blob, verifying its size and SHA-256; throws `BlobStoreError.corrupt` on mismatch.
    func read(_ ref: BlobRef) async throws -> Data

    /// Opens a blob for streaming; the last step of the iteration throws `.corrupt` on mismatch.
    func open(_ ref: BlobRef) async throws -> BlobChunks

    /// Whether a blob with this hash is stored.
    func contains(sha256: String) async throws -> Bool

    /// A directory only this installation's services can read (0700), on the store's volume, for files a service
    /// writes before it keeps or sends them (a polled packet, a ZIP being built): never the shared `/tmp`.
    var scratchDirectory: URL { get }
}

extension BlobStore {
    /// Stores any sequence of bytes, e.g. `[UInt8]`.
    public func put(_ bytes: some Sequence<UInt8>, mediaType: String) async throws -> BlobRef {
        try await put(Data(bytes), mediaType: mediaType)
    }
}
