import ArgumentParser
import CamAuditCore
import CamAuditDiscovery
import Foundation

/// The libraries' errors as the command line tells them: the libraries describe the problem, and here
/// the option that changes the outcome is named.
enum CommandLineMessages {
    /// The error's sentence, with the option to use when one helps.
    static func text(for error: any Error) -> String {
        switch error {
        case TargetError.publicAddress:
            return "\(error) Pass --allow-public if you are authorised to scan it."
        case SweepError.noPorts:
            return "\(error) Give at least one port with --ports."
        case SweepError.resourcesExhausted:
            return "\(error) (--max-in-flight sets how many.)"
        case DiscovererError.multicastUnavailable:
            return "\(error) Choose the interface with --interface or --interface-address."
        default:
            return "\(error)"
        }
    }

    /// A usage error (exit status 64) for what the user gave: a target, an option value.
    static func usage(_ error: any Error) -> ValidationError {
        ValidationError(text(for: error))
    }

    /// A failure while working (exit status 1), worded for the command line.
    static func failure(_ error: any Error) -> Failure {
        Failure(description: text(for: error))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes one line to stderr, which carries totals and notes so that stdout stays machine-readable.
    static func writeToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Targets as ArgumentParser reads them: each is parsed once, when its argument is read.
enum TargetInput {
    /// One target argument.
    @Sendable static func target(_ text: String) throws -> TargetSpecification {
        try TargetSpecification(parsing: text)
    }

    /// A comma-separated list (`--exclude`).
    @Sendable static func commaSeparated(_ text: String) throws -> [TargetSpecification] {
        try TargetSpecification.list(in: text, separator: ",")
    }

    /// A list file ('-' for standard input), one target per line, '#' comments (`-iL FILE`).
    @Sendable static func listFile(_ path: String) throws -> [TargetSpecification] {
        let text: String
        do {
            text =
                path == "-"
                ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                : try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("Cannot read the target list '\(path)': \(error.localizedDescription)")
        }
        return try TargetSpecification.list(in: text)
    }
}
