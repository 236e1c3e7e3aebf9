/// Tests that measure the process's peak memory and tests that use a lot of it (OCR of full pages) take turns: all
/// suites run in one process at the same time, and a 300 dpi page being read in another suite raised the peak a
/// streaming test measured (seen in CI: +203 MB against its 40 MB budget).
public actor MemoryTurns {
    public static let shared = MemoryTurns()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` while no other test holding a turn runs.
    public static func take<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await shared.acquire()
        do {
            let result = try await body()
            await shared.release()
            return result
        } catch {
            await shared.release()
            throw error
        }
    }
}
