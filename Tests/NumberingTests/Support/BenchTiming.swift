/// Timing for the register benchmarks (printed figures, never asserted).
enum BenchTiming {
    /// The median of `runs` runs of `body`, in milliseconds.
    static func median(_ runs: Int, _ body: () async throws -> Void) async throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try await body()
            let d = ContinuousClock.now - start
            times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        return times.sorted()[runs / 2]
    }
}
