// Platform benchmark: the figures issue 2 asks for, measured on one broker and one database in
// one run, each reported against its baseline.
//
//   (a) bare librabbitmq loop: publish with confirms + consume and ack, concurrently
//   (b) single-client PostgreSQL commit rate through libpq
//   (c) the full handler path: consume → transaction with inbox + outbox → relay publish with
//       confirms → ack
//
// Usage: swift run -c release qlvb-bench [messages]   (after scripts/dev-up; reads QLVB_TEST_AMQP_URL, QLVB_TEST_PG_URL)
import Foundation

let env = ProcessInfo.processInfo.environment
let amqpURL = env["QLVB_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:55672/qlvb_test"
let pgURL = env["QLVB_TEST_PG_URL"] ?? "postgresql://qlvb:qlvb@127.0.0.1:55432/qlvb_test"
let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
if CommandLine.arguments.contains("--codec-only") {
    print(String(format: "document.received decode + re-encode: %.0f /s (one core)", try CodecRate(count: count).run()))
    exit(0)
}
if CommandLine.arguments.contains("--publish-status") {
    print(String(format: "%.0f", try await StatusFlood(url: env["QLVB_AMQP_URL"] ?? amqpURL, count: count).run()))
    exit(0)
}
if CommandLine.arguments.contains("--bare-only") {
    // The baseline other benchmarks divide by.
    print(String(format: "%.0f", try await BareBrokerLoop(url: amqpURL, count: count).run()))
    exit(0)
}

print("QLVB platform benchmark — \(count) messages of 1 KiB, quorum queues, fsync on")
let bare = try await BareBrokerLoop(url: amqpURL, count: count).run()
report("(a) bare publish+confirm / consume+ack", bare, baseline: nil)
let commits = try await CommitRate(url: pgURL, seconds: 5).run()
report("(b) single-client PostgreSQL commits", commits, baseline: nil)
var path = HandlerPath(amqpURL: amqpURL, pgURL: pgURL, count: count)
path.concurrency = env["QLVB_BENCH_CONCURRENCY"].flatMap(Int.init) ?? path.concurrency
path.batch = env["QLVB_BENCH_BATCH"].flatMap(Int.init) ?? path.batch
print("(handler path: \(path.concurrency) concurrent batches of up to \(path.batch) messages)")
let handler = try await path.run()
report("(c) full handler path", handler, baseline: nil)
print("")
print(String(format: "(c)/(a) = %.2f   (c)/(b) = %.2f   target: (c) >= (b)", handler / bare, handler / commits))

func report(_ name: String, _ rate: Double, baseline: Double?) {
    print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%10.0f /s", rate))
}

// Where a handler's CPU goes: the envelope codec alone, for reading the figures above.
let codec = try CodecRate(count: 20_000).run()
print(String(format: "document.received decode + re-encode          %10.0f /s (CPU of one core)", codec))
