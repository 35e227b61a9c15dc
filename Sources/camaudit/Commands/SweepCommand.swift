import ArgumentParser
import Foundation
import CamAuditCore
import CamAuditDiscovery

/// `camaudit sweep`: finds open TCP ports with plain connects and prints `address port` lines.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Find open TCP ports quickly with plain connects (no banners, no device contact beyond the handshake).",
        discussion: "Prints one 'address port' line per open port on stdout, sorted; the totals go to stderr.")

    @Argument(help: "Addresses, networks (127.1.0.0/24), ranges (127.1.0.10-40) or host names.", transform: TargetInput.target)
    var targets: [TargetSpecification]

    @Option(help: "Ports to try: 80,443,8000-8100, or 'camera' for the default camera ports.")
    var ports: String = "camera"

    @Option(name: .customLong("max-in-flight"), help: "The most connects pending at once (lowered to fit ulimit -n).")
    var maxInFlight: Int = 4096

    @Option(name: .customLong("timeout-ms"), help: "Milliseconds a connect may stay unanswered before the port counts as filtered.")
    var timeoutMilliseconds: Int = 1000

    @Option(help: "The most connects started per second (default: as fast as the machine allows).")
    var rate: Int?

    @Flag(name: .customLong("allow-public"), help: "Allow publicly routable targets (only on networks you are authorised to test).")
    var allowPublic = false

    func validate() throws {
        guard !targets.isEmpty else { throw ValidationError("Give at least one target, for example 192.168.1.0/24.") }
        do { _ = try PortList(parsing: ports) } catch { throw ValidationError(error.description) }
        guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1.") }
        guard timeoutMilliseconds >= 1 else { throw ValidationError("--timeout-ms must be at least 1.") }
        if let rate, rate < 1 { throw ValidationError("--rate must be at least 1 probe per second.") }
    }

    func run() async throws {
        let portList = try PortList(parsing: ports)
        let targetSet: TargetSet
        do {
            targetSet = try await TargetResolution.resolve(targets, allowPublic: allowPublic, timeout: .seconds(5)).addresses
        } catch {
            throw CommandLineMessages.usage(error)
        }
        let sweeper = TCPSweeper(
            configuration: SweepConfiguration(
                ports: portList.ports, maxInFlight: maxInFlight,
                connectTimeout: .milliseconds(timeoutMilliseconds), probesPerSecond: rate))
        let open: [OpenPort], summary: SweepSummary
        do {
            (open, summary) = try await sweeper.sweep(targetSet, deadline: nil)
        } catch {
            throw CommandLineMessages.failure(error)
        }

        var lines = ""
        for port in open { lines += "\(port.address) \(port.port)\n" }
        print(lines, terminator: "")
        let seconds = Double(summary.elapsed.components.seconds) + Double(summary.elapsed.components.attoseconds) / 1e18
        CommandLineMessages.writeToStandardError(
            "swept \(targetSet.count) addresses x \(portList.ports.count) ports: \(summary.probesSent) probes in "
                + "\(String(format: "%.2f", seconds)) s (\(Int(summary.probesPerSecond)) probes/s); \(summary.open) open, "
                + "\(summary.closed) closed, \(summary.filtered) filtered, peak \(summary.peakInFlight) in flight"
                + (summary.completed ? "" : " (stopped before the end)"))
    }
}
