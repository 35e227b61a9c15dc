import ArgumentParser
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// A peer tool run with a time limit, for the benchmarks' ratios.
enum BenchDeadlineProcess {
    /// Runs nmap, killing it at the deadline (it was seen to ignore SIGTERM when started from here).
    static func runNmap(_ arguments: [String], deadline: Duration) async throws -> (finished: Bool, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["nmap"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw ValidationError(
                "nmap could not be started (\(error.localizedDescription)); install it with scripts/setup or pass --skip-nmap.")
        }
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while process.isRunning, clock.now < end {
            try await Task.sleep(for: .milliseconds(200))
        }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return (false, process.terminationStatus)
        }
        return (true, process.terminationStatus)
    }
}
