import ArgumentParser
import CamAuditCore
import CamAuditLab
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One audit of a running lab by a child `camaudit bench audit --scan-child` process: the report, the
/// scan's own time, and the child's wall time and peak RSS as `wait4` measured them.
struct BenchAuditScan {
    /// What the child writes for the parent: the scan's time measured inside it, and the report.
    struct Output: Codable {
        var scanSeconds: Double
        var report: ScanReport

        func write(to path: String) throws {
            try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path))
        }
    }

    var report: ScanReport
    var scanSeconds: Double
    var process: BenchChildProcess
    /// The 1-minute load average right after the scan (the machine may be shared with other work).
    var loadAverage: Double?
    var labStartSeconds: Double = 0
    var devices: Int

    /// One line: sizes, times, memory and load.
    var summary: String {
        "\(devices) devices: lab started in \(String(format: "%.1f", labStartSeconds)) s; scan \(String(format: "%.1f", scanSeconds)) s, "
            + "scanner process \(String(format: "%.1f", process.wallSeconds)) s, scanner peak RSS "
            + "\(String(format: "%.1f", Double(process.peakResidentBytes) / 1_048_576)) MB, load average \(loadAverage.map { String(format: "%.2f", $0) } ?? "?")"
    }

    /// Runs the scan of `lab` in a child process and waits for it on its own thread, so the lab's event
    /// loops (in this process) and the cooperative pool stay free while the child works.
    static func run(lab: Lab, base: String, timeoutMs: Int, hostConcurrency: Int, intrusive: Bool) async throws -> BenchAuditScan {
        #if canImport(Glibc)
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-bench-audit-\(getpid())-\(lab.devices.count).json").path
        defer { unlink(output) }
        let ports = Set(lab.devices.flatMap(\.ports)).sorted().map(String.init).joined(separator: ",")
        var arguments = ["bench", "audit", "--scan-child", output, "--base", base, "--devices", String(lab.devices.count),
                         "--lab-ports", ports, "--lab-port-offset", String(lab.portOffset), "--timeout-ms", String(timeoutMs),
                         "--host-concurrency", String(hostConcurrency)]
        if intrusive { arguments.append("--intrusive") }
        let child = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<BenchChildProcess, Error>) in
            let arguments = arguments
            Thread { continuation.resume(with: Result { try BenchChildProcess.run(executable, arguments) }) }.start()
        }
        let load = loadAverage()
        guard child.exitStatus == 0 else {
            throw ValidationError("The scanner process failed (exit \(child.exitStatus)): \(child.standardError.suffix(2000))")
        }
        let decoded = try JSONDecoder().decode(Output.self, from: Data(contentsOf: URL(fileURLWithPath: output)))
        return BenchAuditScan(report: decoded.report, scanSeconds: decoded.scanSeconds, process: child, loadAverage: load,
                              devices: lab.devices.count)
        #else
        throw ValidationError("bench audit measures the scanner in a child process, which needs Linux.")
        #endif
    }

    /// The first field of /proc/loadavg; nil where there is none.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
