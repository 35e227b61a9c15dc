import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// The one way tests run another program (the built `camaudit`, python3, openssl, nft, ip, a script):
/// input from a byte string, output and errors captured apart, and a time limit after which the child
/// is killed and the run throws.
public enum ChildProcess {
    /// How the program ended and what it wrote.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdoutData: Data
        public var stderrData: Data
        public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
        public var stderr: String { String(decoding: stderrData, as: UTF8.self) }
        /// Everything it printed: standard output, then standard error.
        public var output: String { stdout + stderr }

        public init(status: Int32, stdoutData: Data, stderrData: Data) {
            self.status = status
            self.stdoutData = stdoutData
            self.stderrData = stderrData
        }
    }

    /// The program was still running at its time limit; it was killed.
    public struct TimedOut: Error, CustomStringConvertible {
        public let command: String
        public let limit: Duration
        public let partial: Outcome
        public var description: String {
            "`\(command)` did not finish within \(limit) and was killed; it had printed: \(partial.output.suffix(2000))"
        }
    }

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments`, feeding it `stdin` (nothing
    /// when nil), with `environment` added to this process's own; sends it `interrupt.signal` after
    /// `interrupt.after` if it is still running then; kills it after `timeout`.
    public static func run(
        _ executable: String, _ arguments: [String] = [], stdin: Data? = nil, environment: [String: String] = [:],
        timeout: Duration = .seconds(120), interrupt: (signal: Int32, after: Duration)? = nil
    ) throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Files, not pipes: a child that writes a lot to both streams, or reads none of its input, cannot block.
        let files = ["stdin", "stdout", "stderr"].map { directory.appendingPathComponent($0) }
        try (stdin ?? Data()).write(to: files[0])
        for file in files.dropFirst() { try Data().write(to: file) }
        let input = try FileHandle(forReadingFrom: files[0])
        let output = try FileHandle(forWritingTo: files[1])
        let errors = try FileHandle(forWritingTo: files[2])
        defer { for handle in [input, output, errors] { try? handle.close() } }

        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()

        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        let start = DispatchTime.now()
        if let interrupt, finished.wait(timeout: start + seconds(interrupt.after)) == .timedOut {
            kill(process.processIdentifier, interrupt.signal)
        } else if interrupt != nil {
            finished.signal()  // it ended first: let the wait below see it
        }
        var timedOut = false
        if finished.wait(timeout: start + seconds(timeout)) == .timedOut {
            // SIGKILL, not SIGTERM: a child may block or ignore SIGTERM (here one was seen to outlive it).
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        let outcome = Outcome(
            status: process.terminationStatus, stdoutData: try Data(contentsOf: files[1]), stderrData: try Data(contentsOf: files[2]))
        if timedOut {
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "), limit: timeout, partial: outcome)
        }
        return outcome
    }
}
