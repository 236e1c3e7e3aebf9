import ArgumentParser
import Foundation

extension Handover {
    /// Benchmarks/handover-bench: every blob of a store through the package writer of `export` (streamed copy,
    /// SHA-256, manifest line, tag files), without the services, so its MB/s can be set against `cp` + `sha256sum`.
    struct PackBlobs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pack-blobs", abstract: "Benchmark: package every blob of a store with the handover's writer.", shouldDisplay: false)
        @Option var blobRoot: String
        @Option var out: String

        func run() async throws {
            let bag = try BagWriter(root: URL(fileURLWithPath: out), year: 0, agencies: ["blobs"])
            let progress = ProgressBar("pack    ", total: 0)
            try bag.begin("blobs")
            try BlobTree.forEach(root: blobRoot) { sha256, path in
                try bag.add("blobs/\(sha256)", copying: path, expectedSHA256: sha256) { progress.add(bytes: $0) }
                progress.fileDone()
            }
            try bag.end("blobs")
            try bag.finish(info: [("External-Description", "handover-bench")], parts: ["blobs"])
            progress.finish()
            print("packed \(bag.bytesWritten) bytes")
        }
    }
}
