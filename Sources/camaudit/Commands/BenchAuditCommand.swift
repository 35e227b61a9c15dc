import ArgumentParser
import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import CamAuditLab
import CamAuditScanner
import CamAuditVerdicts
import Foundation
import NIOPosix

/// `camaudit bench audit`: a full audit (identification and every safe check) of a large mixed lab,
/// scored per finding id against what the lab planted, with the lab's own count of logins, lockouts
/// and intrusive requests; then the same checks one host at a time, and `nmap --script`, for the ratios.
struct BenchAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit a lab of emulated devices with every safe check, score precision and recall per finding, and compare the time with serial checking and nmap --script.")

    @Option(help: "Emulated devices (all profiles round-robin, hostile ones included).")
    var devices: Int = 300

    @Option(help: "Loopback base address; device i listens on base + i + 1.")
    var base: String = "127.80.0.0"

    @Option(help: "Timeout of each network step, in milliseconds.")
    var timeoutMs: Int = 1500

    @Flag(help: "Also run an --intrusive audit on a fresh lab and score it (intrusive findings then count as planted).")
    var intrusive = false

    @Flag(help: "Do not run the one-host-at-a-time comparison.")
    var skipSerial = false

    @Option(help: ArgumentHelp("Stop nmap after this many seconds and report the ratio as a lower bound.", valueName: "SECONDS"))
    var nmapDeadline: Int = 300

    @Flag(help: "Do not run nmap -sV --script for the time ratio.")
    var skipNmap = false

    func validate() throws {
        guard let address = IPAddress(base), case .v4(let value) = address, value >> 24 == 127 else {
            throw ValidationError("--base must be an IPv4 loopback address (127.x.y.z).")
        }
        guard (1...5000).contains(devices) else { throw ValidationError("--devices must be between 1 and 5000.") }
    }

    /// One audit run: its score, the lab's activity, and the time it took.
    struct Run {
        var label: String
        var seconds: Double
        var score: FindingScorecard
        var activity: LabActivity
        var checks: ScanChecks?
    }

    func run() async throws {
        var runs = [try await audit(label: "safe (default)", intrusive: false, hostConcurrency: 32)]
        if intrusive { runs.append(try await audit(label: "--intrusive", intrusive: true, hostConcurrency: 32)) }
        for run in runs {
            print("\n## \(run.label): \(String(format: "%.1f", run.seconds)) s, \(run.checks?.requestsSent ?? 0) check requests, "
                + "\(run.checks?.intrusiveRequests.count ?? 0) intrusive requests logged")
            print(run.score.table())
            print("Lab activity: \(run.activity.loginAttempts) login attempts, \(run.activity.refusedLogins) refused, "
                + "\(run.activity.lockouts) lockouts, \(run.activity.intrusiveRequests) intrusive requests received")
            for error in run.score.errors.prefix(20) {
                print("  \(error.falsePositive ? "false positive" : "missed") \(error.id) on \(error.address) (\(error.profile))")
            }
        }
        let ours = runs[0].seconds
        if !skipSerial {
            let serial = try await audit(label: "one host at a time", intrusive: false, hostConcurrency: 1)
            print("\nThe same audit one host at a time (each check request waits for the previous one, as a serial nuclei-style checker does): "
                + "\(String(format: "%.1f", serial.seconds)) s; serial/camaudit = \(String(format: "%.1f", serial.seconds / max(ours, 0.001)))x")
        }
        if !skipNmap { try await compareWithNmap(ours: ours) }
    }

    private func audit(label: String, intrusive: Bool, hostConcurrency: Int) async throws -> Run {
        guard let baseAddress = IPAddress(base) else { throw ValidationError("--base is not an address.") }
        let lab = try await Lab.start(base: baseAddress, deviceCount: devices)
        do {
            let run = try await audit(lab, label: label, intrusive: intrusive, hostConcurrency: hostConcurrency)
            try await lab.shutdown()
            return run
        } catch {
            try? await lab.shutdown()
            throw error
        }
    }

    private func audit(_ lab: Lab, label: String, intrusive: Bool, hostConcurrency: Int) async throws -> Run {
        guard let first = lab.devices.first?.address, let last = lab.devices.last?.address else {
            throw ValidationError("The lab started no devices.")
        }
        let labPorts = Set(lab.devices.flatMap(\.ports))
        let group = MultiThreadedEventLoopGroup.singleton
        let scanner = Scanner(catalog: try FingerprintCatalog.bundled(), vulnerabilities: try VulnerabilityCatalog.bundled(),
                              securityChecks: try SecurityChecks.bundled(eventLoopGroup: group),
                              verdicts: try VerdictEngine.bundled(), eventLoopGroup: group)
        var request = ScanRequest(targets: ["\(first)-\(last)"], ports: PortList(Array(labPorts)), stepTimeout: .milliseconds(timeoutMs),
                                  hostConcurrency: hostConcurrency, deadline: .seconds(600),
                                  portHints: DemoCommand.hints(offset: lab.portOffset, ports: labPorts))
        request.checks = CheckOptions(intrusive: intrusive, stepTimeout: .milliseconds(timeoutMs))
        let clock = ContinuousClock()
        let start = clock.now
        let report = try await scanner.run(request)
        let elapsed = clock.now - start
        return Run(label: label, seconds: Self.seconds(elapsed), score: FindingScorecard(report: report, devices: lab.devices, intrusive: intrusive),
                   activity: lab.totalActivity, checks: report.scan.checks)
    }

    /// nmap's closest equivalent: service detection with its default-account and RTSP-route scripts, on a fresh lab.
    private func compareWithNmap(ours: Double) async throws {
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
            print("\(command): \(String(format: "%.1f", theirs)) s (exit \(outcome.status)), \(lockouts) lockouts caused; nmap/camaudit = \(ratio)x")
        } else {
            print("\(command): not finished after \(nmapDeadline) s (stopped), \(lockouts) lockouts caused by then; nmap/camaudit >= \(ratio)x")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
