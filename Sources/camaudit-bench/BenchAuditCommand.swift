import ArgumentParser
import CamAuditChecks
import CamAuditCore
import CamAuditLab
import CamAuditScanner
import Foundation

/// `camaudit-bench audit`: a full audit (identification and every safe check) of a large mixed lab,
/// scored per finding id against what the lab planted, with the lab's own count of logins, lockouts
/// and intrusive requests; the same audit at several lab sizes for time, the scanner's peak memory and
/// growth; then, at the smallest size, the same checks one host at a time, and `nmap --script`, for the ratios.
///
/// The lab runs in this process and every scan runs in a child process (`--scan-child`, the same binary).
/// That way the peak RSS that `wait4` reports is the scanner's alone: the lab's thousands of listeners and
/// their buffers stay out of it, while the lab's devices and activity counters, which scoring needs, stay
/// in memory here. (The other way round, the lab in a `camaudit lab up` child, would leave the lab's
/// expectations and counters in another process, to be re-read over some channel.)
struct BenchAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract:
            "Audit a lab of emulated devices with every safe check, score precision and recall per finding, time it at several lab sizes, and compare with serial checking and nmap --script.",
        discussion: """
            For each size in --sizes a fresh lab starts in this process and the audit runs in a child process, \
            so the peak memory shown is the scanner's own. The table gives, per size: the scan's time, the scanner \
            process's time and peak RSS, devices per second, and the growth of the time per device against the \
            size before (1.00x is linear, below is better). The detailed score, --intrusive, the one-host-at-a-time \
            run and nmap use the smallest size.
            """)

    /// The lab's limit (`camaudit lab up --devices`); 4096 addresses and some 20,000 sockets.
    static let allowedSizes = 1...4096

    @Option(help: ArgumentHelp("Lab sizes to audit, comma-separated (all profiles round-robin, hostile ones included).", valueName: "LIST"))
    var sizes: String = "300,1000,3000"

    @Option(help: ArgumentHelp("Audit only a lab of this many devices (the same as --sizes N).", valueName: "N"))
    var devices: Int?

    @Option(help: "Loopback base address; device i listens on base + i + 1.")
    var base: String = "127.80.0.0"

    @Option(help: "Timeout of each network step, in milliseconds.")
    var timeoutMs: Int = 1500

    @Option(help: "Hosts audited at the same time (128 is also the default of camaudit scan).")
    var hostConcurrency: Int = 128

    @Flag(help: "Also run an --intrusive audit on a fresh lab and score it (intrusive findings then count as planted).")
    var intrusive = false

    @Flag(help: "Do not run the one-host-at-a-time comparison.")
    var skipSerial = false

    @Option(help: ArgumentHelp("Stop nmap after this many seconds and report the ratio as a lower bound.", valueName: "SECONDS"))
    var nmapDeadline: Int = 300

    @Flag(help: "Do not run nmap -sV --script for the time ratio.")
    var skipNmap = false

    // The child's side: scan an already running lab and write the report. Hidden: the benchmark passes these.
    @Option(help: .hidden) var scanChild: String?
    @Option(help: .hidden) var labPorts: String = ""
    @Option(help: .hidden) var labPortOffset: UInt16 = 0

    func validate() throws {
        guard let address = IPAddress(base), case .v4(let value) = address, value >> 24 == 127 else {
            throw ValidationError("--base must be an IPv4 loopback address (127.x.y.z).")
        }
        if let devices {
            guard Self.allowedSizes.contains(devices) else {
                throw ValidationError("--devices must be between \(Self.allowedSizes.lowerBound) and \(Self.allowedSizes.upperBound).")
            }
        }
        do { _ = try AuditScale.sizes(parsing: sizes, allowed: Self.allowedSizes) } catch { throw ValidationError("--sizes: \(error)") }
        guard hostConcurrency >= 1 else { throw ValidationError("--host-concurrency must be at least 1.") }
        guard timeoutMs >= 1 else { throw ValidationError("--timeout-ms must be at least 1.") }
    }

    var chosenSizes: [Int] {
        if let devices { return [devices] }
        return (try? AuditScale.sizes(parsing: sizes, allowed: Self.allowedSizes)) ?? [300]
    }

    /// One audit run: its score, the lab's activity, and what the scanner process measured.
    struct Run {
        var label: String
        var devices: Int
        var scan: BenchAuditScan
        var score: FindingScorecard
        var activity: LabActivity
        var seconds: Double { scan.scanSeconds }
    }

    func run() async throws {
        if let scanChild {
            try await runScanChild(output: scanChild)
            return
        }
        let sizes = chosenSizes
        var scale = AuditScale()
        var first: Run?
        for size in sizes {
            let run = try await audit(
                devices: size, label: "safe (default), \(size) devices", intrusive: false, hostConcurrency: hostConcurrency)
            print(run.scan.summary)
            if first == nil {
                first = run
                printScore(run)
            } else {
                printScore(run, table: false)
            }
            scale.add(
                AuditScale.Row(
                    devices: size, scanSeconds: run.seconds, processSeconds: run.scan.process.wallSeconds,
                    peakResidentBytes: run.scan.process.peakResidentBytes,
                    cpuSeconds: run.scan.scannerCPUSeconds, precision: run.score.total.precision,
                    recall: run.score.total.recall, lockouts: run.activity.lockouts, loadAverage: run.scan.loadAverage))
        }
        printScale(scale)
        guard let first else { return }
        if intrusive {
            let run = try await audit(
                devices: first.devices, label: "--intrusive, \(first.devices) devices", intrusive: true, hostConcurrency: hostConcurrency)
            print(run.scan.summary)
            printScore(run)
        }
        let ours = first.seconds
        if !skipSerial {
            let serial = try await audit(devices: first.devices, label: "one host at a time", intrusive: false, hostConcurrency: 1)
            print(
                "\nThe same audit of \(first.devices) devices one host at a time (each check request waits for the previous one, as a serial nuclei-style checker does): "
                    + "\(String(format: "%.1f", serial.seconds)) s; serial/camaudit = \(String(format: "%.1f", serial.seconds / max(ours, 0.001)))x"
            )
        }
        if !skipNmap { try await compareWithNmap(devices: first.devices, ours: ours) }
    }

    private func printScore(_ run: Run, table: Bool = true) {
        print(
            "\n## \(run.label): \(String(format: "%.1f", run.seconds)) s, \(run.scan.output.checkRequests) check requests, "
                + "\(run.scan.output.intrusiveRequestsLogged) intrusive requests logged")
        if table {
            print(run.score.table())
        } else {
            let all = run.score.total
            print(
                "All finding ids: \(all.truePositives + all.misses) planted, \(all.truePositives) found, \(all.falsePositives) false positives "
                    + "(precision \(String(format: "%.1f%%", all.precision * 100)), recall \(String(format: "%.1f%%", all.recall * 100)))")
        }
        print(
            "Lab activity: \(run.activity.loginAttempts) login attempts, \(run.activity.refusedLogins) refused, "
                + "\(run.activity.lockouts) lockouts, \(run.activity.intrusiveRequests) intrusive requests received")
        // The scan's own notes explain some misses (e.g. a lab with more UPnP routers than the scanner fetches).
        for note in run.scan.output.notes.prefix(5) { print("  scan note: \(note)") }
        for error in run.score.errors.prefix(20) {
            print("  \(error.falsePositive ? "false positive" : "missed") \(error.id) on \(error.address) (\(error.profile))")
        }
    }

    private func printScale(_ scale: AuditScale) {
        print(
            "\n## Scale: the safe audit at each size (the lab in this process, the scanner in its own; "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        print(scale.table())
        if let growth = scale.largestGrowth, scale.rows.count >= 2 {
            let last = scale.rows[scale.rows.count - 1], before = scale.rows[scale.rows.count - 2]
            let shape = growth <= 1 ? "no worse than linear" : String(format: "%.0f%% worse than linear", (growth - 1) * 100)
            print("Time per device at \(last.devices) vs \(before.devices): \(String(format: "%.2f", growth))x (\(shape)).")
        }
        if let largest = scale.rows.last {
            print(
                "Largest lab, \(largest.devices) devices: scan \(String(format: "%.1f", largest.scanSeconds)) s "
                    + "(whole scanner process \(String(format: "%.1f", largest.processSeconds)) s), scanner peak RSS "
                    + "\(String(format: "%.0f", Double(largest.peakResidentBytes) / 1_048_576)) MB, on average \(String(format: "%.2f", largest.coresBusy)) "
                    + "cores busy. Issue 11's target for 3,000 devices on 2 cores: <= 120 s and <= 400 MB.")
        }
    }

    /// Starts a fresh lab of `devices`, audits it from a child process, scores the report, and stops the lab.
    private func audit(devices: Int, label: String, intrusive: Bool, hostConcurrency: Int) async throws -> Run {
        guard let baseAddress = IPAddress(base) else { throw ValidationError("--base is not an address.") }
        let clock = ContinuousClock()
        let labStart = clock.now
        let lab = try await Lab.start(base: baseAddress, deviceCount: devices)
        let labSeconds = Self.seconds(clock.now - labStart)
        do {
            var scan = try await BenchAuditScan.run(
                lab: lab, base: base, timeoutMs: timeoutMs, hostConcurrency: hostConcurrency, intrusive: intrusive)
            scan.labStartSeconds = labSeconds
            let run = Run(
                label: label, devices: devices, scan: scan,
                score: FindingScorecard(reported: scan.output.reported, devices: lab.devices, intrusive: intrusive),
                activity: lab.totalActivity)
            try await lab.shutdown()
            return run
        } catch {
            try? await lab.shutdown()
            throw error
        }
    }

    /// The child's side: the scan of a running lab, exactly as the in-process benchmark used to run it.
    private func runScanChild(output: String) async throws {
        guard let baseAddress = IPAddress(base), case .v4(let baseValue) = baseAddress, let count = devices else {
            throw ValidationError("--scan-child needs --base and --devices.")
        }
        let ports = Set(labPorts.split(separator: ",").compactMap { UInt16($0) })
        guard !ports.isEmpty else { throw ValidationError("--scan-child needs --lab-ports.") }
        let first = IPAddress.v4(baseValue + 1), last = IPAddress.v4(baseValue + UInt32(count))
        let scanner = try Scanner.bundled()
        var request = ScanRequest(
            targets: [try TargetSpecification(parsing: "\(first)-\(last)")], ports: PortList(Array(ports)),
            stepTimeout: .milliseconds(timeoutMs), hostConcurrency: hostConcurrency, deadline: .seconds(600),
            portHints: Lab.portHints(offset: labPortOffset, ports: ports))
        request.checks = CheckOptions(intrusive: intrusive, stepTimeout: .milliseconds(timeoutMs))
        let clock = ContinuousClock()
        let start = clock.now
        let report = try await scanner.run(request)
        let elapsed = Self.seconds(clock.now - start)
        try BenchAuditScan.Output(scanSeconds: elapsed, peakResidentBytesAfterScan: BenchAuditScan.peakResidentBytes(), report: report)
            .write(to: output)
    }

    /// nmap's closest equivalent: service detection with its default-account and RTSP-route scripts, on a fresh lab.
    private func compareWithNmap(devices: Int, ours: Double) async throws {
        guard let baseAddress = IPAddress(base) else { return }
        let lab = try await Lab.start(base: baseAddress, deviceCount: devices)
        let ports = Set(lab.devices.flatMap(\.ports)).sorted().map(String.init).joined(separator: ",")
        let addresses = lab.devices.map(\.address.description)
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: (finished: Bool, status: Int32)
        do {
            outcome = try await BenchDeadlineProcess.runNmap(
                ["-sV", "-n", "-Pn", "-p", ports, "--script", "http-default-accounts,rtsp-url-brute", "-oX", "/dev/null"] + addresses,
                deadline: .seconds(nmapDeadline))
        } catch {
            try? await lab.shutdown()
            throw error
        }
        let theirs = Self.seconds(clock.now - start)
        let lockouts = lab.totalActivity.lockouts
        try await lab.shutdown()
        let command = "nmap -sV --script http-default-accounts,rtsp-url-brute over the same \(addresses.count) hosts"
        let ratio = String(format: "%.1f", theirs / max(ours, 0.001))
        if outcome.finished {
            print(
                "\(command): \(String(format: "%.1f", theirs)) s (exit \(outcome.status)), \(lockouts) lockouts caused; nmap/camaudit = \(ratio)x"
            )
        } else {
            print(
                "\(command): not finished after \(nmapDeadline) s (stopped), \(lockouts) lockouts caused by then; nmap/camaudit >= \(ratio)x"
            )
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
