import ArgumentParser
import CamAuditCore
import CamAuditLab
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// One audit of a running lab by a child `camaudit-bench audit --scan-child` process: the report, the
/// scan's own time, and the child's wall time and peak RSS as `wait4` measured them.
struct BenchAuditScan {
    /// What the child writes for the parent: the scan's time measured inside it and what scoring needs.
    /// Not the whole report: encoding 3,000 devices' evidence as JSON took more memory than the scan
    /// itself (280 MB against 122 MB), which would have been counted as the scanner's.
    struct Output: Codable {
        struct Device: Codable {
            var address: IPAddress
            var findings: [String]
        }

        var scanSeconds: Double
        /// The child's peak RSS (VmHWM) when the scan returned, before this hand-off was encoded.
        var peakResidentBytesAfterScan: Int?
        var devices: [Device]
        var checkRequests: Int
        var intrusiveRequestsLogged: Int
        var notes: [String]

        init(scanSeconds: Double, peakResidentBytesAfterScan: Int?, report: ScanReport) {
            self.scanSeconds = scanSeconds
            self.peakResidentBytesAfterScan = peakResidentBytesAfterScan
            devices = report.devices.map { Device(address: $0.address, findings: $0.findings.map(\.id)) }
            checkRequests = report.scan.checks?.requestsSent ?? 0
            intrusiveRequestsLogged = report.scan.checks?.intrusiveRequests.count ?? 0
            notes = report.scan.notes
        }

        /// Finding ids per address, for `FindingScorecard`.
        var reported: [IPAddress: Set<String>] {
            Dictionary(devices.map { ($0.address, Set($0.findings)) }, uniquingKeysWith: { first, _ in first })
        }

        func write(to path: String) throws {
            try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path))
        }
    }

    var output: Output
    var scanSeconds: Double { output.scanSeconds }
    var peakResidentBytesAfterScan: Int? { output.peakResidentBytesAfterScan }
    var process: BenchChildProcess
    /// The 1-minute load average right after the scan (the machine may be shared with other work).
    var loadAverage: Double?
    var labStartSeconds: Double = 0
    var devices: Int
    /// CPU seconds (user + system) the scanner process used, and this process (the lab, mostly) meanwhile.
    var scannerCPUSeconds: Double
    var labCPUSeconds: Double

    /// One line: sizes, times, memory and load.
    var summary: String {
        "\(devices) devices: lab started in \(String(format: "%.1f", labStartSeconds)) s; scan \(String(format: "%.1f", scanSeconds)) s, "
            + "scanner process \(String(format: "%.1f", process.wallSeconds)) s, scanner peak RSS "
            + "\(String(format: "%.1f", Double(process.peakResidentBytes) / 1_048_576)) MB "
            + "(\(peakResidentBytesAfterScan.map { String(format: "%.1f", Double($0) / 1_048_576) } ?? "?") MB when the scan returned), scanner CPU \(String(format: "%.1f", scannerCPUSeconds)) s, "
            + "lab CPU \(String(format: "%.1f", labCPUSeconds)) s, load average \(loadAverage.map { String(format: "%.2f", $0) } ?? "?")"
    }

    /// Runs the scan of `lab` in a child process and waits for it on its own thread, so the lab's event
    /// loops (in this process) and the cooperative pool stay free while the child works.
    static func run(lab: Lab, base: String, timeoutMs: Int, hostConcurrency: Int, intrusive: Bool) async throws -> BenchAuditScan {
        #if canImport(Glibc)
            let executable = BenchChildProcess.currentExecutable
            let output = FileManager.default.temporaryDirectory.appendingPathComponent(
                "camaudit-bench-audit-\(getpid())-\(lab.devices.count).json"
            ).path
            defer { unlink(output) }
            let ports = Set(lab.devices.flatMap(\.ports)).sorted().map(String.init).joined(separator: ",")
            var arguments = [
                "audit", "--scan-child", output, "--base", base, "--devices", String(lab.devices.count),
                "--lab-ports", ports, "--lab-port-offset", String(lab.portOffset), "--timeout-ms", String(timeoutMs),
                "--host-concurrency", String(hostConcurrency),
            ]
            if intrusive { arguments.append("--intrusive") }
            // The child's CPU time is the growth of RUSAGE_CHILDREN across its wait (one child at a time runs here);
            // RUSAGE_SELF over the same span is the lab answering it.
            let childrenBefore = cpuSeconds(RUSAGE_CHILDREN), selfBefore = cpuSeconds(RUSAGE_SELF)
            let child = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<BenchChildProcess, Error>) in
                let arguments = arguments
                Thread { continuation.resume(with: Result { try BenchChildProcess.run(executable, arguments) }) }.start()
            }
            let load = loadAverage()
            let scannerCPU = cpuSeconds(RUSAGE_CHILDREN) - childrenBefore, labCPU = cpuSeconds(RUSAGE_SELF) - selfBefore
            guard child.exitStatus == 0 else {
                throw ValidationError("The scanner process failed (exit \(child.exitStatus)): \(child.standardError.suffix(2000))")
            }
            let decoded = try JSONDecoder().decode(Output.self, from: Data(contentsOf: URL(fileURLWithPath: output)))
            return BenchAuditScan(
                output: decoded, process: child, loadAverage: load,
                devices: lab.devices.count, scannerCPUSeconds: scannerCPU, labCPUSeconds: labCPU)
        #else
            throw ValidationError("bench audit measures the scanner in a child process, which needs Linux.")
        #endif
    }

    #if canImport(Glibc)
        /// User plus system CPU seconds of `who` (RUSAGE_SELF or RUSAGE_CHILDREN).
        static func cpuSeconds(_ who: __rusage_who) -> Double {
            var usage = rusage()
            guard getrusage(__rusage_who_t(who.rawValue), &usage) == 0 else { return 0 }
            func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
            return seconds(usage.ru_utime) + seconds(usage.ru_stime)
        }
    #endif

    /// This process's peak resident set size so far (VmHWM in /proc/self/status), in bytes.
    static func peakResidentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return kilobytes * 1024
    }

    /// The first field of /proc/loadavg; nil where there is none.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
