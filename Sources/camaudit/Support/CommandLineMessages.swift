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
    static func usage(_ error: any Error) -> ExitCode {
        refuse(text(for: error))
    }

    /// A bad input found while running, or a failure with a status of its own: `Error: message` on
    /// stderr and the exit status, without ArgumentParser's usage text (which is for mistakes of syntax).
    static func refuse(_ message: String, status: Int32 = ExitStatus.usage) -> ExitCode {
        writeToStandardError("Error: " + message)
        return ExitCode(status)
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

/// The exit statuses that mean something (README.md, "Exit codes"); ArgumentParser's own failure is 1.
enum ExitStatus {
    /// `traffic`: the capture is damaged or cut short; the packets before the damage were analysed and written.
    static let damagedCapture: Int32 = 4
    /// `scan`, `demo`: the scan ran but could not be saved, or its report could not be written where asked;
    /// the message says where the results are.
    static let notSaved: Int32 = 5
    /// Bad usage: an option value, a file or a target that cannot be used; nothing was sent.
    static let usage: Int32 = 64
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
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            text = try InputFile.text(path, option: "-iL", expected: "one target per line")
        }
        return try TargetSpecification.list(in: text)
    }
}

/// A file the user named, read as UTF-8 text, with a sentence that says what to give instead when it cannot be.
enum InputFile {
    /// The problem with `path` as an input file (missing, a folder, unreadable), or nil when it can be read.
    static func problem(_ path: String, option: String, expected: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return "\(option) '\(path)' does not exist; give a file with \(expected)."
        }
        if isFolder.boolValue { return "\(option) '\(path)' is a folder; give a file with \(expected)." }
        if !FileManager.default.isReadableFile(atPath: path) {
            return "\(option) '\(path)' cannot be read (permission denied); give a file you can read with \(expected)."
        }
        return nil
    }

    /// The largest target list or word list read: 64 MiB (a list of every address of a /8 would be about 200 MiB; a
    /// CIDR range or an address range says the same in one line).
    static let maximumBytes = 64 << 20

    /// The file's text; a missing file, a folder, a file over `maximumBytes` or bytes that are not UTF-8 (named by line)
    /// throw a `ValidationError` that says so. The file is read with its limit: an oversized one is never read whole.
    static func text(_ path: String, option: String, expected: String) throws -> String {
        if let problem = problem(path, option: option, expected: expected) { throw ValidationError(problem) }
        let data: Data
        do throws(BoundedFile.Failure) {
            data = try BoundedFile.read(path, maximumBytes: maximumBytes)
        } catch {
            switch error {
            case .tooLarge(let limit):
                throw ValidationError(
                    "\(option) '\(path)' is larger than \(limit >> 20) MiB; give a shorter file with \(expected) (a CIDR network or an address range covers many addresses in one line)."
                )
            case .unreadable(let reason):
                throw ValidationError("\(option) '\(path)' cannot be read (\(reason)); give a file with \(expected).")
            }
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        throw ValidationError(
            "\(option) '\(path)' is not UTF-8 text (line \(firstInvalidLine(data))); give a UTF-8 text file with \(expected).")
    }

    /// The 1-based line of the first byte sequence that is not UTF-8.
    static func firstInvalidLine(_ data: Data) -> Int {
        var line = 1
        for piece in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(data: Data(piece), encoding: .utf8) == nil { return line }
            line += 1
        }
        return line
    }
}
