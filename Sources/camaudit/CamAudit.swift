import ArgumentParser

@main
struct CamAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camaudit",
        abstract: "Audit the video-surveillance devices on a network you own.",
        version: "0.1.0",
        subcommands: [SweepCommand.self, BenchCommand.self]
    )
}
