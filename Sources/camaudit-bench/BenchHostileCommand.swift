import ArgumentParser
import CamAuditCore
import CamAuditLab
import CamAuditReports
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `camaudit-bench hostile`: a lab of hostile devices only (N copies of every hostile kind: silent ports, tarpits,
/// trickles, header floods, honeypots that answer everything, malformed XML), scanned by `camaudit scan --deadline`.
///
/// The lab runs in this process and the scan is the real `camaudit scan` in a child process, so the peak RSS that
/// `wait4` reports is the scanner's own (report writing included), without the lab's listeners and buffers.
struct BenchHostileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostile",
        abstract:
            "Scan a lab of hostile devices (N copies of every hostile kind) with 'camaudit scan --deadline': time against the deadline, the scanner's peak memory, hosts reported and hosts called video devices.",
        discussion: """
            The lab starts in this process with --copies devices of each hostile profile (round robin), and \
            'camaudit scan' (next to camaudit-bench) scans their addresses in a child process with --deadline, \
            --timeout-ms and --host-concurrency, safe checks included. Without --deadline the deadline is estimated \
            from the scan's own bounds: the sweep (one connect timeout per 4,096 connection attempts), then \
            ceil(hosts / host concurrency) waves of hosts, each allowed its 20 s probe deadline (UDP discovery runs \
            alongside) and one step for each check family (vulnerability probes, streams, logins), plus one step \
            for the router check. The run fails (exit 1) when the scan took \
            longer than its deadline plus 5 s, when any hostile host is called a camera, NVR, DVR or encoder, or \
            when the scanner's peak RSS is above --memory-bound-mb.
            """)

    @Option(help: "Copies of each hostile profile (143 copies of the 7 hostile profiles are 1,001 devices).")
    var copies: Int = 143

    @Option(help: "Loopback base address; device i listens on base + i + 1.")
    var base: String = "127.81.0.0"

    @Option(help: "Timeout of each network step, in milliseconds (camaudit scan --timeout-ms).")
    var timeoutMs: Int = 1500

    @Option(help: "Hosts probed at the same time (camaudit scan --host-concurrency).")
    var hostConcurrency: Int = 128

    @Option(help: ArgumentHelp("The scan's --deadline (default: computed from the per-step bounds, see above).", valueName: "SECONDS"))
    var deadline: Int?

    @Option(help: ArgumentHelp("The stated memory bound: the scanner's peak RSS must stay at or below it.", valueName: "MB"))
    var memoryBoundMb: Int = 256

    /// Seconds the scan may run past its deadline (the process starts, writes its report and exits).
    static let margin = 5.0
    /// The probe deadline of one host (`ProbeConfiguration.hostDeadline`).
    static let hostProbeSeconds = 20.0

    func validate() throws {
        guard let address = IPAddress(base), case .v4(let value) = address, value >> 24 == 127 else {
            throw ValidationError("--base must be an IPv4 loopback address (127.x.y.z).")
        }
        let kinds = max(1, Lab.hostileProfileIDs.count)
        guard copies >= 1, copies * kinds <= 4096 else {
            throw ValidationError("--copies must be between 1 and \(4096 / kinds) (\(kinds) hostile profiles, 4096 devices at most).")
        }
        guard timeoutMs >= 1 else { throw ValidationError("--timeout-ms must be at least 1.") }
        guard hostConcurrency >= 1 else { throw ValidationError("--host-concurrency must be at least 1.") }
        if let deadline, deadline < 1 { throw ValidationError("--deadline must be at least 1 second.") }
        guard memoryBoundMb >= 1 else { throw ValidationError("--memory-bound-mb must be at least 1.") }
    }

    /// The scan's own upper bound for `hosts` hosts, in whole seconds (see the discussion).
    static func derivedDeadline(hosts: Int, stepSeconds: Double, hostConcurrency: Int, ports: Int) -> Int {
        let sweep = stepSeconds * Double((hosts * max(1, ports) + maxInFlight - 1) / maxInFlight)
        let waves = Double((hosts + hostConcurrency - 1) / hostConcurrency)
        let perHost = hostProbeSeconds + 3 * stepSeconds
        return Int((sweep + waves * perHost + stepSeconds).rounded(.up))
    }

    /// Connection attempts in flight during the sweep (`camaudit scan --max-in-flight`'s default).
    static let maxInFlight = 4096

    func run() async throws {
        #if canImport(Glibc)
            guard let baseAddress = IPAddress(base) else { throw ValidationError("--base is not an address.") }
            guard let camaudit = BenchChildProcess.sibling("camaudit") else {
                throw ValidationError(
                    "camaudit was not found next to camaudit-bench; build both (swift build -c release --product camaudit, then --product camaudit-bench)."
                )
            }
            let clock = ContinuousClock()
            let labStart = clock.now
            let lab = try await Lab.start(base: baseAddress, hostileCopies: copies)
            let labSeconds = BenchAuditCommand.seconds(clock.now - labStart)
            let kinds = Lab.hostileProfileIDs
            let ports = Set(lab.devices.flatMap(\.ports)).sorted()
            let chosenDeadline =
                deadline
                ?? Self.derivedDeadline(
                    hosts: lab.devices.count, stepSeconds: Double(timeoutMs) / 1000, hostConcurrency: hostConcurrency, ports: ports.count)
            print(
                "hostile lab: \(lab.devices.count) devices (\(copies) copies of \(kinds.count) kinds: \(kinds.joined(separator: ", "))), "
                    + "started in \(String(format: "%.1f", labSeconds)) s; ports \(ports.map(String.init).joined(separator: ","))"
                    + (lab.portOffset > 0 ? " (shifted by +\(lab.portOffset))" : ""))
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-bench-hostile-\(getpid()).json").path
            defer { unlink(output) }
            let first = lab.devices[0].address, last = lab.devices[lab.devices.count - 1].address
            let arguments = [
                "scan", "\(first)-\(last)", "--ports", ports.map(String.init).joined(separator: ","), "--deadline", String(chosenDeadline),
                "--timeout-ms", String(timeoutMs), "--host-concurrency", String(hostConcurrency), "--no-save", "--format", "json",
                "-o", output,
            ]
            print("running: camaudit \(arguments.joined(separator: " "))")
            let child = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<BenchChildProcess, Error>) in
                Thread { continuation.resume(with: Result { try BenchChildProcess.run(camaudit, arguments) }) }.start()
            }
            try await lab.shutdown()
            // 0: completed; 3: the deadline cut the scan short (the report says so and is still written).
            guard child.exitStatus == 0 || child.exitStatus == 3 else {
                print("camaudit scan failed (exit \(child.exitStatus)): \(child.standardError.suffix(2000))")
                throw ExitCode(2)
            }
            let report = try JSONReport.decode(Data(contentsOf: URL(fileURLWithPath: output)))
            let hostile = Set(lab.devices.map(\.address))
            let video = report.devices.filter { hostile.contains($0.address) && $0.deviceType.isVideoDevice }
            let named = report.devices.filter { hostile.contains($0.address) && $0.manufacturer != nil }
            let noted = report.devices.filter { !$0.notes.isEmpty }.count
            let peakMB = Double(child.peakResidentBytes) / 1_048_576
            print("")
            print("devices            \(lab.devices.count) hostile (\(copies) x \(kinds.count) kinds)")
            print(
                "deadline           \(chosenDeadline) s"
                    + (deadline == nil ? " (derived: sweep + ceil(hosts/\(hostConcurrency)) waves x per-host bound)" : " (--deadline)"))
            print("wall time          \(String(format: "%.1f", child.wallSeconds)) s (the whole camaudit scan process)")
            print("scanner peak RSS   \(String(format: "%.1f", peakMB)) MB (bound \(memoryBoundMb) MB)")
            print("hosts reported     \(report.devices.count) (\(noted) with notes)")
            print("video devices      \(video.count)")
            print("makers named       \(named.count)")
            print("scan status        \(report.scan.status.rawValue)")
            for note in report.scan.notes.prefix(5) { print("  scan note: \(note)") }
            for device in video.prefix(10) {
                let profile = lab.devices.first { $0.address == device.address }?.profile ?? "?"
                print("  called a \(device.deviceType.rawValue): \(device.address) (\(profile))")
            }
            var failures: [String] = []
            if child.wallSeconds > Double(chosenDeadline) + Self.margin {
                failures.append("the scan took \(String(format: "%.1f", child.wallSeconds)) s, past its \(chosenDeadline) s deadline")
            }
            if !video.isEmpty { failures.append("\(video.count) hostile hosts were called video devices") }
            if peakMB > Double(memoryBoundMb) {
                failures.append("the scanner's peak RSS \(String(format: "%.1f", peakMB)) MB is above the \(memoryBoundMb) MB bound")
            }
            print(failures.isEmpty ? "PASS" : "FAIL: " + failures.joined(separator: "; "))
            if !failures.isEmpty { throw ExitCode(1) }
        #else
            throw ValidationError("bench hostile measures the scanner in a child process, which needs Linux.")
        #endif
    }
}
