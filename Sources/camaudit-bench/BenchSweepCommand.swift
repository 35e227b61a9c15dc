import ArgumentParser
import CamAuditCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `camaudit-bench sweep`: times `camaudit sweep` against `nmap -sT` on a loopback /16.
struct BenchSweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Time 'camaudit sweep' against 'nmap -sT' on a loopback /16 with planted listeners.",
        discussion: """
            Opens plain listening sockets inside <base>/16, then runs both scanners as child processes on the \
            same addresses and ports, and compares time, probe rate, peak memory and the open ports each found. \
            Exits with status 1 when the two open-port sets differ.
            """)

    @Option(help: "Any address of the loopback /16 to sweep.")
    var base: String = "127.90.0.0"

    @Option(help: "How many listening sockets to plant in the /16.")
    var listeners: Int = 20

    @Flag(name: .customLong("skip-nmap"), help: "Run only camaudit (when nmap is not installed).")
    var skipNmap = false

    @Option(name: .customLong("max-in-flight"), help: "Passed to 'camaudit sweep'.")
    var maxInFlight: Int = 4096

    var baseValue: UInt32? {
        guard case .v4(let value) = IPAddress(base) else { return nil }
        return value
    }

    func validate() throws {
        guard let value = baseValue, AddressScope(of: .v4(value)) == .loopback else {
            throw ValidationError("--base must be an IPv4 loopback address (127.x.y.z): the benchmark sends packets to the whole /16.")
        }
        guard (1...1000).contains(listeners) else { throw ValidationError("--listeners must be between 1 and 1000.") }
        guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1.") }
    }

    func run() async throws {
        #if canImport(Glibc)
            guard let baseValue else { throw ValidationError("--base must be an IPv4 loopback address.") }
            let network = baseValue & 0xffff_0000
            let target = "\(IPAddress.v4(network))/16"
            // Port 2024 is open on every loopback address of the build machine; it must not be swept.
            let ports = PortList.cameraDefaults.ports.filter { $0 != 2024 }
            let portText = ports.map(String.init).joined(separator: ",")
            let addresses = 65536
            let probes = addresses * ports.count

            let planted = BenchListeners(base: network, count: listeners, ports: ports)
            defer { planted.stop() }
            let expected = Set(planted.endpoints.map { "\($0.address) \($0.port)" })
            print("sweep benchmark: \(target), \(addresses) addresses x \(ports.count) ports = \(probes) probes")
            print(
                "planted \(planted.endpoints.count) listeners (accept and close)"
                    + (planted.skipped.isEmpty ? "" : "; skipped: \(planted.skipped.joined(separator: ", "))"))

            guard let camauditPath = BenchChildProcess.sibling("camaudit") else {
                throw ValidationError("camaudit was not found next to camaudit-bench; build both (swift build builds every product).")
            }
            let camauditArguments = ["sweep", target, "--ports", portText, "--max-in-flight", String(maxInFlight)]
            print("running: camaudit \(camauditArguments.joined(separator: " "))")
            let camaudit = try BenchChildProcess.run(camauditPath, camauditArguments)
            let camauditOpen = Set(camaudit.standardOutput.split(separator: "\n").map(String.init))
            guard camaudit.exitStatus == 0 else {
                print("camaudit sweep failed (exit \(camaudit.exitStatus)): \(camaudit.standardError)")
                throw ExitCode(2)
            }

            print("camaudit says: \(camaudit.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
            var rows = [Row(tool: "camaudit", child: camaudit, probes: probes, open: camauditOpen.count)]
            var nmapOpen: Set<String>?
            if !skipNmap {
                guard let nmapPath = BenchChildProcess.find("nmap") else {
                    print("nmap is not installed: run Benchmarks/bench-sweep.sh (it installs it), or pass --skip-nmap.")
                    throw ExitCode(2)
                }
                // Plain connect scan, no host discovery, no DNS, no retransmissions (camaudit does none
                // either); nmap picks its own timing (default -T3) and parallelism.
                let nmapArguments = ["-sT", "-n", "-Pn", "--max-retries", "0", "-p", portText, "-oG", "-", target]
                print("running: nmap \(nmapArguments.joined(separator: " "))")
                let nmap = try BenchChildProcess.run(nmapPath, nmapArguments)
                guard nmap.exitStatus == 0 else {
                    print("nmap failed (exit \(nmap.exitStatus)): \(nmap.standardError)")
                    throw ExitCode(2)
                }
                let open = Self.openPorts(inGrepable: nmap.standardOutput)
                nmapOpen = open
                rows.append(Row(tool: "nmap", child: nmap, probes: probes, open: open.count))
            }

            print("")
            print(Row.header)
            for row in rows { print(row.line) }
            if rows.count == 2 {
                print(String(format: "probe rate camaudit/nmap: %.2fx", rows[0].rate / rows[1].rate))
            }
            let missedByCamaudit = expected.subtracting(camauditOpen)
            print(
                "camaudit found \(expected.count - missedByCamaudit.count) of \(expected.count) planted listeners"
                    + (missedByCamaudit.isEmpty ? "" : "; missed: \(missedByCamaudit.sorted().joined(separator: ", "))"))
            guard let nmapOpen else { return }
            let onlyCamaudit = camauditOpen.subtracting(nmapOpen).sorted()
            let onlyNmap = nmapOpen.subtracting(camauditOpen).sorted()
            if onlyCamaudit.isEmpty && onlyNmap.isEmpty {
                print("open-port sets: identical (\(camauditOpen.count) open ports)")
            } else {
                print("open-port sets DIFFER")
                for entry in onlyCamaudit { print("  only camaudit: \(entry)") }
                for entry in onlyNmap { print("  only nmap:     \(entry)") }
                throw ExitCode(1)
            }
        #endif
    }

    /// `address port` for every open port in nmap's grepable output (`-oG -`).
    static func openPorts(inGrepable text: String) -> Set<String> {
        var open: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("Host: ") {
            guard let portsStart = line.range(of: "Ports: ") else { continue }
            let address = line.dropFirst("Host: ".count).prefix { $0 != " " }
            let portsField = line[portsStart.upperBound...].prefix { $0 != "\t" }
            for entry in portsField.split(separator: ",") {
                let fields = entry.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
                if fields.count > 2, fields[1] == "open", fields[2] == "tcp" {
                    open.insert("\(address) \(fields[0])")
                }
            }
        }
        return open
    }

    /// One line of the results table.
    struct Row {
        let tool: String
        let child: BenchChildProcess
        let probes: Int
        let open: Int

        var rate: Double { Double(probes) / max(child.wallSeconds, 1e-9) }

        static let header = "tool        time(s)    probes/s   peak RSS(MB)   open"
        var line: String {
            tool.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(
                    format: " %8.2f %11.0f %14.1f %6d", child.wallSeconds, rate,
                    Double(child.peakResidentBytes) / 1_048_576, open)
        }
    }
}
