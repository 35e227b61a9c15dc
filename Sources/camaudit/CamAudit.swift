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
            DiscoverCommand.self, LabCommand.self, ServeCommand.self,
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
        let arguments = NmapSpellings.rewrite(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            refuse(error, arguments: arguments)
        }
    }

    /// Ends the process for `error`. Help and `--version` print as ArgumentParser prints them; a mistake in the
    /// options gets its sentence and a pointer to the command's help instead of the whole usage text (issue 14:
    /// "a sentence that says what to do, with no stack of Usage: noise").
    static func refuse(_ error: any Error, arguments: [String]) -> Never {
        let code = exitCode(for: error)
        guard code != .success, !(error is ExitCode) else { exit(withError: error) }
        let message = self.message(for: error)
        guard code == .validationFailure, !message.isEmpty else { exit(withError: error) }
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName })
        let path = arguments.prefix { !$0.hasPrefix("-") }.prefix(2).filter { names.contains($0) || $0 == "up" || $0 == "lint" }
        let command = (["camaudit"] + path).joined(separator: " ")
        FileHandle.standardError.write(Data("Error: \(message)\nSee `\(command) --help` for the options.\n".utf8))
        Foundation.exit(code.rawValue)
    }
}

/// nmap's multi-letter short options, which ArgumentParser cannot declare, mapped to ours.
enum NmapSpellings {
    static func rewrite(_ arguments: [String]) -> [String] {
        arguments.map { $0 == "-iL" ? "--input-list" : $0 }
    }
}
