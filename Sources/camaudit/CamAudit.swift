import ArgumentParser
import Foundation
import Logging

@main
struct CamAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camaudit",
        abstract: "Audit the video-surveillance devices on a network you own.",
        discussion: "Scan only networks you are authorised to audit. Nothing camaudit sends by default changes a device.",
        version: "0.1.0",
        subcommands: [
            ScanCommand.self, DemoCommand.self, ScansCommand.self, ReportCommand.self, DiffCommand.self, SweepCommand.self,
            DiscoverCommand.self, LabCommand.self,
            DataCommand.self, TrafficCommand.self,
        ]
    )

    static func main() async {
        // Logs go to stderr, so stdout stays a clean report; CAMAUDIT_LOG=debug|info|... sets the level.
        let level = ProcessInfo.processInfo.environment["CAMAUDIT_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        await main(NmapSpellings.rewrite(Array(CommandLine.arguments.dropFirst())))
    }
}

/// nmap's multi-letter short options, which ArgumentParser cannot declare, mapped to ours.
enum NmapSpellings {
    static func rewrite(_ arguments: [String]) -> [String] {
        arguments.map { $0 == "-iL" ? "--input-list" : $0 }
    }
}
