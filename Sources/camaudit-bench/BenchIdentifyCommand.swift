import ArgumentParser
import CamAuditCore
import CamAuditLab
import CamAuditScanner
import Foundation

/// `camaudit-bench identify`: how well and how fast a full scan identifies a large mixed lab, against `nmap -sV`.
///
/// The lab lays device i at `base + i + 1` with no gaps, so 300 devices from 127.70.0.0 run from
/// 127.70.0.1 to 127.70.1.44 (across a /24 boundary; loopback accepts .255 and .0 as host addresses).
struct BenchIdentifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "Identify a lab of mixed emulated devices (sweep included) and score the result; compare with nmap -sV.")

    @Option(help: "Emulated devices (all profiles round-robin, hostile ones included).")
    var devices: Int = 300

    @Option(help: "Loopback base address; device i listens on base + i + 1.")
    var base: String = "127.70.0.0"

    @Option(help: ArgumentHelp("Stop nmap -sV after this many seconds and report the ratio as a lower bound.", valueName: "SECONDS"))
    var nmapDeadline: Int = 300

    @Flag(help: "Do not run nmap -sV for the time ratio.")
    var skipNmap = false

    @Flag(help: "Also scan with the lab profiles' own logins (--credentials) and score again.")
    var credentialsFromLab = false

    @Option(help: "Timeout of each network step, in milliseconds.")
    var timeoutMs: Int = 1500

    func validate() throws {
        guard let address = IPAddress(base), case .v4(let value) = address, value >> 24 == 127 else {
            throw ValidationError("--base must be an IPv4 loopback address (127.x.y.z).")
        }
        guard (1...5000).contains(devices) else { throw ValidationError("--devices must be between 1 and 5000.") }
    }

    func run() async throws {
        guard let baseAddress = IPAddress(base) else { throw ValidationError("--base is not an address.") }
        let lab = try await Lab.start(base: baseAddress, deviceCount: devices)
        do {
            try await measure(lab)
        } catch {
            try? await lab.shutdown()
            throw error
        }
        try await lab.shutdown()
    }

    private func measure(_ lab: Lab) async throws {
        guard let first = lab.devices.first?.address, let last = lab.devices.last?.address else { return }
        let labPorts = Set(lab.devices.flatMap(\.ports))
        let range = "\(first)-\(last)"
        print("Lab: \(lab.devices.count) devices on \(range), ports \(labPorts.sorted().map(String.init).joined(separator: ","))")
        let scanner = try Scanner.bundled(.identification)
        var request = ScanRequest(
            targets: [try TargetSpecification(parsing: range)], ports: PortList(Array(labPorts)),
            stepTimeout: .milliseconds(timeoutMs), deadline: .seconds(300), portHints: lab.portHints)
        let clock = ContinuousClock()
        var start = clock.now
        let plain = try await scanner.run(request)
        let plainTime = clock.now - start
        var rows = [BenchIdentifyScore(report: plain, lab: lab, label: "without credentials", elapsed: plainTime)]
        if credentialsFromLab {
            request.credentials = try lab.credentialFile()
            start = clock.now
            let withCredentials = try await scanner.run(request)
            rows.append(BenchIdentifyScore(report: withCredentials, lab: lab, label: "with lab credentials", elapsed: clock.now - start))
        }
        print(BenchIdentifyScore.table(rows))
        guard !skipNmap else { return }
        let nmapPorts = labPorts.sorted().map(String.init).joined(separator: ",")
        let addresses = lab.devices.map(\.address.description)
        start = clock.now
        let outcome = try await BenchDeadlineProcess.runNmap(
            ["-sV", "-n", "-Pn", "-p", nmapPorts, "-oX", "/dev/null"] + addresses, deadline: .seconds(nmapDeadline))
        let nmapTime = clock.now - start
        let theirs = Double(nmapTime.components.seconds) + Double(nmapTime.components.attoseconds) / 1e18
        let ours = Double(plainTime.components.seconds) + Double(plainTime.components.attoseconds) / 1e18
        let ratio = String(format: "%.1f", theirs / max(ours, 0.001))
        let command = "nmap -sV -n -Pn over the same \(addresses.count) hosts and \(labPorts.count) ports"
        if outcome.finished {
            print(
                "\(command): \(String(format: "%.1f", theirs)) s (exit \(outcome.status)); camaudit scan: \(String(format: "%.1f", ours)) s; nmap/camaudit = \(ratio)x"
            )
        } else {
            print(
                "\(command): not finished after \(nmapDeadline) s (stopped); camaudit scan: \(String(format: "%.1f", ours)) s; nmap/camaudit >= \(ratio)x"
            )
        }
    }
}
