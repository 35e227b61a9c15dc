import ArgumentParser
import CamAuditCatalog
import CamAuditCore
import CamAuditReports
import CamAuditTraffic
import Foundation

/// `camaudit traffic CAPTURE`: which local device talks to which cloud or P2P broker, and the rules that stop it.
struct TrafficCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic",
        abstract: "Read a capture (pcap or pcapng, through libpcap) and show what each local device sends out of the network, to whom.",
        discussion: """
            Destinations are classified as vendor cloud, P2P broker, NTP, DNS or unknown from the capture's own DNS answers, \
            TLS server names and payload signatures (data/cloud-endpoints.json). With --scan, only that scan's cameras, \
            NVRs and DVRs are reported, so a phone running the vendor app is not taken for a camera. With --lan, the \
            nftables and iptables rules that block those devices' internet egress are printed too. No GeoIP database \
            is bundled.
            """)

    @Argument(help: "The capture file (.pcap or .pcapng).")
    var capture: String

    @Option(help: ArgumentHelp("Report only the video devices of this saved scan (an id or an unambiguous prefix).", valueName: "SCAN_ID"))
    var scan: String?

    @Option(help: ArgumentHelp("Treat this prefix as local too (repeatable), e.g. a public range used inside.", valueName: "PREFIX"))
    var local: [String] = []

    @Option(help: ArgumentHelp("LAN prefixes to keep reachable (repeatable); given, the firewall rules are printed.", valueName: "PREFIX"))
    var lan: [String] = []

    @Option(help: ArgumentHelp("The NTP server the cameras may still reach.", valueName: "ADDRESS"))
    var ntp: String?

    @Option(help: ArgumentHelp("The NVR the cameras may still reach.", valueName: "ADDRESS"))
    var nvr: String?

    @Option(help: "Output: table or json.")
    var format: TrafficFormat = .table

    @OptionGroup var database: DatabaseOption

    enum TrafficFormat: String, ExpressibleByArgument { case table, json }

    func run() throws {
        let localPrefixes = try local.map { text -> NetworkPrefix in
            guard let prefix = NetworkPrefix(text) else { throw ValidationError("--local '\(text)' is not a prefix such as 198.51.100.0/24.") }
            return prefix
        }
        var only: Set<IPAddress>?
        if let scan {
            let report: ScanReport
            do { report = try database.open().report(id: scan) } catch { throw ValidationError("\(error)") }
            only = Set(report.devices.filter { $0.deviceType.isVideoDevice }.map(\.address))
        }
        var table = FlowTable()
        do { try table.add(capture: try CaptureReader(path: capture)) } catch { throw ValidationError(error.description) }
        let analysis = TrafficAnalysis(classifier: DestinationClassifier(catalog: try CloudEndpointCatalog.bundled()), localPrefixes: localPrefixes)
        let devices = analysis.devices(in: table, only: only)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(devices))
            FileHandle.standardOutput.write(Data("\n".utf8))
        case .table:
            print(Self.table(devices, flows: table))
        }
        if !lan.isEmpty {
            let talkers = devices.filter { !$0.destinations.isEmpty }.map(\.address.description)
            do {
                let rules = try FirewallRuleSet(cameras: talkers, ntpServer: ntp, nvr: nvr, lanPrefixes: lan)
                print("\n# nftables (nft -f FILE)\n" + rules.nftables)
                print("\n# iptables\n" + rules.iptablesCommands.joined(separator: "\n"))
            } catch {
                throw ValidationError("No firewall rules: \(error)")
            }
        }
    }

    static func table(_ devices: [DeviceTraffic], flows: FlowTable) -> String {
        var lines = ["\(flows.packets) packets, \(flows.flows.count) flows, \(flows.skipped.values.reduce(0, +)) packets skipped (not IP, cut or later fragments)"]
        if devices.isEmpty { lines.append("No local device sent anything out of the network.") }
        for device in devices {
            lines.append("")
            lines.append("\(device.address)\(device.mac.map { "  \($0)" } ?? "")  sent \(bytes(device.bytesUp)) out of the network")
            for destination in device.destinations {
                let what = [destination.classification.category.rawValue, destination.classification.vendor, destination.classification.service]
                    .compactMap { $0 }.joined(separator: " ")
                lines.append("  \(what.padding(toLength: 34, withPad: " ", startingAt: 0)) \(TableReport.clean(destination.name ?? "-")) "
                    + "\(destination.address) \(destination.services.joined(separator: ","))  up \(bytes(destination.bytesUp)) down \(bytes(destination.bytesDown))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func bytes(_ count: Int) -> String {
        count < 10_000 ? "\(count) B" : count < 10_000_000 ? "\(count / 1000) kB" : "\(count / 1_000_000) MB"
    }
}
