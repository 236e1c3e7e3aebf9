import ArgumentParser

/// `signing-bench-runner`: the signing benchmarks, kept out of the production `signing` executable.
/// `Benchmarks/signing-bench`, `Benchmarks/load-bench` and `scripts/fault-suite` drive it.
@main
struct SigningBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing-bench-runner", abstract: "Signing benchmarks: in-process signatures/s and service throughput.",
        subcommands: [InProcessBench.self, ServiceLoadBench.self])
}
