import BlobStore
import Contracts
import Crypto
import Foundation
import TestSupport
import Testing

struct FileBlobStoreTests {
    @Test func storedBytesReadBackUnderTheirSHA256() async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root)
            let data = Data("Công văn số 123/UBND-VP".utf8)

            let ref = try await store.put(data, mediaType: "text/plain")

            let expected = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            #expect(ref == BlobRef(sha256: expected, size: Int64(data.count), mediaType: "text/plain"))
            #expect(try await store.read(ref) == data)
            #expect(try await store.contains(sha256: expected))
            let path = "\(expected.prefix(2))/\(expected.dropFirst(2).prefix(2))/\(expected)"
            #expect(regularFiles(under: root) == [path])
        }
    }

    @Test func sameContentWrittenConcurrentlyIsStoredOnce() async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root)
            let data = pseudoRandomBytes(count: 256 * 1024, seed: 7)

            let refs = try await withThrowingTaskGroup(of: BlobRef.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.put(data, mediaType: "application/pdf") }
                }
                return try await group.reduce(into: [BlobRef]()) { $0.append($1) }
            }

            #expect(refs.count == 20)
            #expect(Set(refs).count == 1)
            #expect(regularFiles(under: root).count == 1)
            #expect(try await store.read(refs[0]) == data)
        }
    }

    /// Both while the bytes are still held in memory and once they go to a temporary file.
    @Test(arguments: [1 << 20, 0])
    func interruptedWriteLeavesNothingBehind(memoryThreshold: Int) async throws {
        struct Interrupted: Error {}
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root, memoryThreshold: memoryThreshold)
            let chunk = pseudoRandomBytes(count: 64 * 1024, seed: 3)
            var whole = SHA256()
            for _ in 0..<4 { whole.update(data: chunk) }
            let fullHash = whole.finalize().map { String(format: "%02x", $0) }.joined()

            await #expect(throws: Interrupted.self) {
                _ = try await store.put(mediaType: "application/pdf") { writer in
                    try await writer.write(chunk)
                    try await writer.write(chunk)
                    throw Interrupted()
                }
            }

            #expect(try await store.contains(sha256: fullHash) == false)
            #expect(regularFiles(under: root).isEmpty)
        }
    }

    /// Both ways a stream is stored (in memory up to the threshold, through a temporary file past it) give the same
    /// reference and the same file, and leave nothing in tmp/.
    @Test(arguments: [1024, 64 * 1024, 64 * 1024 + 1, 300 * 1024])
    func streamedBlobsOnEitherSideOfTheMemoryThresholdAreStoredAlike(size: Int) async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root, memoryThreshold: 64 * 1024)
            let data = pseudoRandomBytes(count: size, seed: UInt64(size))
            let streamed = try await store.put(mediaType: "application/pdf") { writer in
                var offset = 0
                while offset < data.count {
                    let end = min(offset + 10_000, data.count)
                    try await writer.write(data[offset..<end])
                    offset = end
                }
            }
            #expect(streamed.sha256 == SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
            #expect(streamed.size == Int64(size))
            #expect(try await store.read(streamed) == data)
            #expect(regularFiles(under: root).count == 1)
            let again = try await store.put(data, mediaType: "application/pdf")
            #expect(again == streamed)
        }
    }

    /// Content already stored is not written again: the stored file keeps its inode, and no temporary file stays.
    @Test(arguments: [false, true])
    func contentAlreadyStoredIsNotRewritten(streamedThroughAFile: Bool) async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root, memoryThreshold: streamedThroughAFile ? 0 : 1 << 20)
            let data = pseudoRandomBytes(count: 5000, seed: 11)
            let first = try await store.put(data, mediaType: "text/plain")
            let path = try store.fileURL(for: first).path
            let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64
            let second = try await store.put(mediaType: "text/plain") { try await $0.write(data) }
            #expect(second == first)
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64 == inode)
            #expect(regularFiles(under: root).count == 1)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o400, "stored blobs are read-only, and for the services' own account only")
            for directory in [URL(fileURLWithPath: path).deletingLastPathComponent().path, store.scratchDirectory.path] {
                let dirMode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
                #expect(dirMode == 0o700, "\(directory) is private")
            }
        }
    }

    @Test func readOfTamperedFileThrowsCorrupt() async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root)
            let ref = try await store.put(Data("Quyết định số 45/QĐ-UBND".utf8), mediaType: "text/plain")
            try tamper(with: store.fileURL(for: ref)) { $0[0] ^= 0xff }

            await #expect {
                _ = try await store.read(ref)
            } throws: { error in
                guard case BlobStoreError.corrupt(let sha256, _) = error else { return false }
                return sha256 == ref.sha256
            }
        }
    }

    @Test func readOfTruncatedFileThrowsCorrupt() async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root)
            let ref = try await store.put(pseudoRandomBytes(count: 1000, seed: 5), mediaType: "application/octet-stream")
            try tamper(with: store.fileURL(for: ref)) { $0.removeLast(10) }

            await #expect {
                _ = try await store.read(ref)
            } throws: { error in
                if case BlobStoreError.corrupt = error { true } else { false }
            }
        }
    }

    @Test func streamingReadOfTamperedFileThrowsCorruptAtTheEnd() async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root, chunkSize: 4096)
            let ref = try await store.put(pseudoRandomBytes(count: 20_000, seed: 9), mediaType: "application/pdf")
            try tamper(with: store.fileURL(for: ref)) { $0[19_999] ^= 1 }

            await #expect {
                for try await _ in try await store.open(ref) {}
            } throws: { error in
                if case BlobStoreError.corrupt = error { true } else { false }
            }
        }
    }

    @Test func streamingReadYieldsTheStoredBytes() async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root, chunkSize: 4096)
            let data = pseudoRandomBytes(count: 10_000, seed: 11)
            let ref = try await store.put(data, mediaType: "application/pdf")

            var read = Data()
            for try await chunk in try await store.open(ref) { read.append(chunk) }

            #expect(read == data)
        }
    }

    @Test func fileContentsAreStoredWithoutChange() async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root.appendingPathComponent("store"))
            let source = root.appendingPathComponent("goi-tin.xml")
            let data = pseudoRandomBytes(count: 3 * 1024 * 1024 + 17, seed: 13)
            try data.write(to: source)

            let ref = try await store.put(contentsOf: source, mediaType: "application/xml")

            #expect(ref.size == Int64(data.count))
            #expect(try await store.read(ref) == data)
        }
    }

    @Test func missingBlobThrowsNotFound() async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root)
            let ref = BlobRef(sha256: String(repeating: "ab", count: 32), size: 1, mediaType: "text/plain")

            await #expect(throws: BlobStoreError.notFound(sha256: ref.sha256)) { _ = try await store.read(ref) }
            #expect(try await store.contains(sha256: ref.sha256) == false)
        }
    }

    @Test(arguments: ["../../etc/passwd", "ABCDEF", String(repeating: "A", count: 64), ""])
    func referenceThatIsNotASHA256IsRejected(_ value: String) async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root)
            await #expect(throws: BlobStoreError.invalidReference(value)) { _ = try await store.contains(sha256: value) }
        }
    }

    @Test func fiftyMegabyteStreamedWriteMatchesSha256sum() async throws {
        try await withTemporaryDirectory { root in
            let store = try FileBlobStore(root: root.appendingPathComponent("store"))
            let chunk = pseudoRandomBytes(count: 1 << 20, seed: 17)
            let chunks = 50

            let ref = try await store.put(mediaType: "application/pdf") { writer in
                for index in 0..<chunks {
                    var piece = chunk
                    piece[0] = UInt8(index)
                    try await writer.write(piece)
                }
            }

            #expect(ref.size == Int64(chunks << 20))
            #expect(try sha256sum(store.fileURL(for: ref)) == ref.sha256)
        }
    }
}

/// Rewrites a stored (read-only) blob in place, as an attacker or a bad disk would.
private func tamper(with url: URL, _ change: (inout Data) -> Void) throws {
    var data = try Data(contentsOf: url)
    change(&data)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
    try data.write(to: url)
}

/// The hash the coreutils tool computes, as an independent check of ours.
private func sha256sum(_ url: URL) throws -> String {
    try runTool("/usr/bin/sha256sum", [url.path]).stdout.split(separator: " ").first.map(String.init) ?? ""
}
