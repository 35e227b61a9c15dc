import ArgumentParser
import CamAuditCatalog
import CamAuditCore
import CamAuditFingerprint
import CamAuditReports
import CamAuditTraffic
import CamAuditVerdicts
import Foundation

/// `camaudit traffic CAPTURE`: which local device talks to which cloud or P2P broker, and the rules that stop it.
struct TrafficCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic",
        abstract: "Read a capture (pcap or pcapng, through libpcap) and show what each local device sends out of the network, to whom.",
        discussion: """
            Destinations are classified as vendor cloud, P2P broker, NTP, DNS or unknown from the capture's own DNS answers, \
            TLS server names and payload signatures (data/cloud-endpoints.json). Each local host is attributed: with --scan, \
            by that saved scan's inventory (and the phone-home findings join that scan's devices); without it, by what the \
            capture shows (discovery announcements, DHCP, the MAC, and the traffic's shape), so a phone running the vendor \
            app is reported as a client, not as a camera. With --lan, the nftables and iptables rules that block the \
            video devices' internet egress are printed too. No GeoIP database is bundled.
            """)

    @Argument(help: "The capture file (.pcap or .pcapng); omit it with --live.")
    var capture: String?

    @Option(help: ArgumentHelp("Capture live on this interface instead of reading a file (root or CAP_NET_RAW; not promiscuous).", valueName: "INTERFACE"))
    var live: String?

    @Option(help: ArgumentHelp("With --live: how long to capture.", valueName: "SECONDS"))
    var duration: Int = 60

    @Option(help: ArgumentHelp("With --live: the BPF filter.", valueName: "FILTER"))
    var filter: String = CaptureReader.defaultLiveFilter

    @Option(help: ArgumentHelp("A GeoIP database in MaxMind DB format (GeoLite2/DB-IP country or ASN; repeatable, none is bundled).", valueName: "FILE.mmdb"))
    var geoip: [String] = []

    @Option(help: ArgumentHelp("Attribute hosts by this saved scan (an id or an unambiguous prefix); its devices get the phone-home findings.", valueName: "SCAN_ID"))
    var scan: String?

    @Flag(help: "With --scan: show the findings but do not add them to the saved scan.")
    var noSave = false

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

    func validate() throws {
        if (capture == nil) == (live == nil) { throw ValidationError("Give a capture file or --live INTERFACE (one of them).") }
        if !(1...86_400).contains(duration) { throw ValidationError("--duration must be 1 to 86400 seconds.") }
    }

    func run() throws {
        let localPrefixes = try local.map { text -> NetworkPrefix in
            guard let prefix = NetworkPrefix(text) else { throw ValidationError("--local '\(text)' is not a prefix such as 198.51.100.0/24.") }
            return prefix
        }
        var saved: ScanReport?
        if let scan {
            do { saved = try database.open().report(id: scan) } catch { throw ValidationError("\(error)") }
        }
        var geo: GeoIPLookup?
        if !geoip.isEmpty {
            do { geo = try GeoIPLookup(paths: geoip) } catch { throw ValidationError(error.description) }
        }
        var table = FlowTable()
        let readError: String?
        let captureName: String
        if let live {
            readError = try Self.capture(live: live, filter: filter, seconds: duration, into: &table)
            captureName = "live capture on \(live)"
        } else {
            let path = capture ?? ""
            readError = Self.read(path, into: &table)
            captureName = URL(fileURLWithPath: path).lastPathComponent
        }
        // A capture cut mid-record still has its flows: report them and say what happened.
        if let readError, table.packets == 0 { throw ValidationError(readError) }
        let analysis = TrafficAnalysis(
            classifier: DestinationClassifier(catalog: try CloudEndpointCatalog.bundled(), localPrefixes: localPrefixes),
            localPrefixes: localPrefixes, identifier: Identifier(catalog: try FingerprintCatalog.bundled()), captureName: captureName)
        var devices = analysis.devices(in: table, inventory: saved.map(ScanInventory.init(report:)))
        var databases: [String]?
        if var lookup = geo {
            databases = lookup.databaseDescriptions
            devices = analysis.locating(devices, with: &lookup)
            FileHandle.standardError.write(Data("GeoIP: \(lookup.databaseDescriptions.joined(separator: "; "))\n".utf8))
            if lookup.lookupErrors > 0 {
                FileHandle.standardError.write(Data("GeoIP: \(lookup.lookupErrors) lookup(s) failed (\(lookup.firstLookupError?.description ?? "no detail")); those destinations have no country.\n".utf8))
            }
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(TrafficReport(capture: captureName, table: table, devices: devices, geoipDatabases: databases)))
            FileHandle.standardOutput.write(Data("\n".utf8))
        case .table:
            print(Self.table(devices, flows: table))
        }
        if let readError { FileHandle.standardError.write(Data("camaudit traffic: \(readError)\n".utf8)) }
        if let saved, !noSave {
            let joined = try VerdictEngine.bundled().apply(to: saved.joiningTraffic(devices, capture: captureName))
            do { try database.open().update(joined) } catch { throw ValidationError("\(error)") }
            let count = devices.reduce(0) { $0 + $1.findings.count }
            FileHandle.standardError.write(Data("camaudit traffic: \(count) phone-home finding(s) joined to scan \(saved.scan.id) (camaudit report \(saved.scan.id) shows them).\n".utf8))
        }
        if !lan.isEmpty {
            let cameras = devices.filter { $0.attribution.role == .videoDevice && !$0.destinations.isEmpty }.map(\.address.description)
            do {
                let rules = try FirewallRuleSet(cameras: cameras, ntpServer: ntp, nvr: nvr, lanPrefixes: lan)
                print("\n# nftables (nft -f FILE)\n" + rules.nftables)
                print("\n# iptables\n" + rules.iptablesCommands.joined(separator: "\n"))
            } catch {
                throw ValidationError("No firewall rules: \(error)")
            }
        }
    }

    /// Reads the capture into `table`; the error's text when it could not be read to its end.
    static func read(_ path: String, into table: inout FlowTable) -> String? {
        let reader: CaptureReader
        do { reader = try CaptureReader(path: path) } catch { return error.description }
        do { try table.add(capture: reader) } catch { return error.description }
        return nil
    }

    /// Captures live for `seconds`; the error's text when the capture stopped early, after some packets.
    static func capture(live interface: String, filter: String, seconds: Int, into table: inout FlowTable) throws -> String? {
        let reader: CaptureReader
        do { reader = try CaptureReader(liveInterface: interface, filter: filter) } catch { throw ValidationError(error.description) }
        if let warning = reader.activationWarning { FileHandle.standardError.write(Data("camaudit traffic: \(warning)\n".utf8)) }
        FileHandle.standardError.write(Data("Capturing on \(interface) for \(seconds) s (filter: \(filter))...\n".utf8))
        var failure: String?
        do { try table.add(capture: reader, until: .now + .seconds(seconds)) } catch { failure = error.description }
        if let statistics = reader.statistics() {
            FileHandle.standardError.write(Data("Captured \(statistics.received) packets, \(statistics.droppedByKernel) dropped by the kernel.\n".utf8))
        }
        return failure
    }

    static func table(_ devices: [DeviceTraffic], flows: FlowTable) -> String {
        var lines = ["\(flows.packets) packets, \(flows.flows.count) flows, \(flows.skipped.values.reduce(0, +)) packets skipped (not IP, cut or later fragments)"]
        if devices.isEmpty { lines.append("No local device sent anything out of the network.") }
        let sections: [(DeviceAttribution.Role, String)] = [
            (.videoDevice, "Video devices"), (.unknown, "Hosts camaudit could not tell apart (not given phone-home findings)"),
            (.client, "Clients (phones, PCs running the vendor app: not cameras)"),
        ]
        for (role, heading) in sections {
            let members = devices.filter { $0.attribution.role == role }
            guard !members.isEmpty else { continue }
            lines.append("")
            lines.append("== \(heading): \(members.count)")
            for device in members { lines += describe(device) }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ device: DeviceTraffic) -> [String] {
        let attribution = device.attribution
        let what = [attribution.manufacturer, attribution.model, attribution.deviceType.rawValue, attribution.family.map { "[\($0)]" }]
            .compactMap { $0.map(TableReport.clean) }.joined(separator: " ")
        var lines = ["", "\(device.address)\(device.mac.map { "  \($0)" } ?? "")  \(what)  (decided by \(attribution.decidedBy), score \(attribution.score))"]
        if let first = device.firstSeen, let last = device.lastSeen {
            lines.append("  seen \(UTCTimestamp.text(first)) to \(UTCTimestamp.text(last)), sent \(ByteCount.text(device.bytesUp)) out of the network")
        }
        lines += attribution.evidence.prefix(4).map { "  why: \(TableReport.clean($0))" }
        if device.destinations.isEmpty { lines.append("  nothing left the network") }
        lines.append(contentsOf: device.destinations.prefix(20).map { destination in
            let kind = [destination.classification.category.rawValue, destination.classification.vendor, destination.classification.service]
                .compactMap { $0 }.joined(separator: " ")
            let video = destination.videoUpload.map { "  VIDEO-SIZED UPLOAD \($0.summary)" } ?? ""
            let geo = destination.geo.map { "  [\(TableReport.clean($0.summary))]" } ?? ""
            return "  \(kind.padding(toLength: 34, withPad: " ", startingAt: 0)) \(TableReport.clean(destination.name ?? "-")) "
                + "\(destination.address) \(destination.services.joined(separator: ","))  up \(ByteCount.text(destination.bytesUp)) down \(ByteCount.text(destination.bytesDown))\(geo)\(video)"
        })
        if device.destinations.count > 20 { lines.append("  ... and \(device.destinations.count - 20) more destinations (--format json lists all)") }
        for finding in device.findings {
            lines.append("  FINDING \(finding.severity.rawValue.uppercased()) \(finding.id): \(TableReport.clean(finding.title))")
        }
        return lines
    }

}
