import ArgumentParser

/// `camaudit bench`: measurements that compare camaudit with established tools on loopback.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks on loopback addresses only (127.0.0.0/8).",
        subcommands: [BenchSweepCommand.self, BenchIdentifyCommand.self, BenchAuditCommand.self, BenchTrafficCommand.self, BenchReportCommand.self])
}
