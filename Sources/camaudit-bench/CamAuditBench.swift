import ArgumentParser
import CamAuditCore

/// `camaudit-bench`: measurements that compare camaudit with established tools, on loopback addresses
/// only. A separate program, so the benchmarks do not ship inside `camaudit`.
@main
struct CamAuditBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camaudit-bench",
        abstract: "Benchmarks on loopback addresses only (127.0.0.0/8).",
        version: CamAuditVersion.current,
        subcommands: [
            BenchSweepCommand.self, BenchIdentifyCommand.self, BenchAuditCommand.self, BenchTrafficCommand.self, BenchReportCommand.self,
            BenchServeCommand.self, BenchHostileCommand.self,
        ])
}
