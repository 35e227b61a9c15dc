import ArgumentParser
import CamAuditCore
import CamAuditReports
import CamAuditStore
import CamAuditTraffic
import Foundation

/// `camaudit traffic CAPTURE`: which local device talks to which cloud or P2P broker, and the rules that stop it.
/// The pipeline is `TrafficAudit`; this command checks the options, shows the result and saves the findings.
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
            video devices' internet egress are printed too. Every outside destination gets a country, and each device \
            the destinations and bytes per country, from the country database scripts/setup installs from PyPI \
            (python-geoacumen: Geoacumen-Country, Apache License 2.0; found through CAMAUDIT_GEOIP, \
            ~/.local/share/camaudit/country.mmdb or the package's site-packages folder) unless --geoip names other \
            databases or --no-geoip turns it off. Hosts that mine cryptocurrency, scan others, open telnet or SSH \
            sessions from a camera, or use Tor get compromise findings. A damaged or truncated capture is analysed up to the \
            damage (the JSON's captureStatus says where) and the command exits with status 4.
            """)

    @Argument(help: "The capture file (.pcap or .pcapng); omit it with --live.")
    var capture: String?

    @Option(
        help: ArgumentHelp(
            "Capture live on this interface instead of reading a file (root or CAP_NET_RAW; not promiscuous).", valueName: "INTERFACE"))
    var live: String?

    @Option(help: ArgumentHelp("With --live: how long to capture.", valueName: "SECONDS"))
    var duration: Int = 60

    @Option(help: ArgumentHelp("With --live: the BPF filter.", valueName: "FILTER"))
    var filter: String = CaptureReader.defaultLiveFilter

    @Option(
        help: ArgumentHelp(
            "A GeoIP database in MaxMind DB format (GeoLite2/DB-IP country or ASN; repeatable) instead of the installed country database.",
            valueName: "FILE.mmdb"))
    var geoip: [String] = []

    @Flag(help: "Look up no country: neither --geoip nor the installed country database.")
    var noGeoip = false

    @Option(
        help: ArgumentHelp(
            "Attribute hosts by this saved scan (an id or an unambiguous prefix); its devices get the phone-home findings.",
            valueName: "SCAN_ID"))
    var scan: String?

    @Flag(help: "With --scan: show the findings but do not add them to the saved scan.")
    var noSave = false

    @Option(
        help: ArgumentHelp("Treat this prefix as local too (repeatable), e.g. a public range used inside.", valueName: "PREFIX"),
        transform: Self.prefix)
    var local: [NetworkPrefix] = []

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

    @Sendable static func prefix(_ text: String) throws -> NetworkPrefix {
        guard let prefix = NetworkPrefix(text) else { throw ValidationError("'\(text)' is not a prefix such as 198.51.100.0/24.") }
        return prefix
    }

    /// Every option is checked here, before any capture is read, printed or saved.
    func validate() throws {
        if (capture == nil) == (live == nil) { throw ValidationError("Give a capture file or --live INTERFACE (one of them).") }
        if !(1...86_400).contains(duration) { throw ValidationError("--duration must be 1 to 86400 seconds.") }
        if noGeoip, !geoip.isEmpty { throw ValidationError("--no-geoip and --geoip contradict each other; give one of them.") }
        for path in geoip {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
                throw ValidationError("--geoip '\(path)' is not a file; give a MaxMind DB file (.mmdb).")
            }
        }
        if let scan, !ScanStore.isScanIDOrPrefix(scan) {
            throw ValidationError("--scan '\(scan)' is not a scan id: ids are letters, digits and '-' (`camaudit scans` lists them).")
        }
        if lan.isEmpty, ntp != nil || nvr != nil {
            throw ValidationError("--ntp and --nvr shape the firewall rules, which --lan asks for; add --lan PREFIX.")
        }
        _ = try firewallSettings()
    }

    /// What the firewall rules keep reachable; nil without --lan.
    func firewallSettings() throws -> FirewallSettings? {
        guard !lan.isEmpty else { return nil }
        do { return try FirewallSettings(lanPrefixes: lan, ntpServer: ntp, nvr: nvr) } catch {
            throw ValidationError("No firewall rules: \(error)")
        }
    }

    func run() throws {
        // One store for reading the saved scan and writing its new findings.
        let store = try scan.map { _ in try database.open() }
        var saved: ScanReport?
        if let scan, let store {
            do { saved = try store.report(id: scan) } catch { throw CommandLineMessages.refuse("\(error)") }
        }
        let settings = try firewallSettings()
        let result: TrafficAudit.Result
        do {
            let source: TrafficAudit.Source = live.map { .live(interface: $0, filter: filter, seconds: duration) } ?? .file(capture ?? "")
            // A file is read while the catalogs load and the GeoIP databases open on another thread.
            result = try TrafficAudit.run(
                source, localPrefixes: local, geoipPaths: geoipPaths(), inventory: saved.map(ScanInventory.init(report:)), events: Self.show
            )
        } catch let error as CaptureError {
            if case .readFailed = error { throw CommandLineMessages.refuse("\(error)", status: ExitStatus.damagedCapture) }
            throw CommandLineMessages.refuse("\(error)")
        } catch {
            throw CommandLineMessages.refuse("\(error)")
        }
        if let databases = result.geoipDatabases {
            // The table names the databases and their attribution itself; JSON carries them in its fields, and stderr says so too.
            if format == .json {
                Self.note("GeoIP: \(databases.joined(separator: "; "))")
                for attribution in result.geoipAttributions ?? [] { Self.note("GeoIP: \(attribution)") }
            }
            if result.geoipLookupErrors > 0 {
                Self.note(
                    "GeoIP: \(result.geoipLookupErrors) lookup(s) failed (\(result.firstGeoIPLookupError?.description ?? "no detail")); "
                        + "those destinations have no country.")
            }
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(result.report))
            FileHandle.standardOutput.write(Data("\n".utf8))
        case .table:
            print(TrafficTable(result).render())
        }
        if let readError = result.readError { Self.note("camaudit traffic: \(readError)") }
        if let saved, let store, !noSave {
            do { try store.update(try result.joined(into: saved)) } catch {
                throw CommandLineMessages.refuse(
                    "\(error) The findings were not joined to scan \(saved.scan.id); the report above has them.",
                    status: ExitStatus.notSaved)
            }
            Self.note(
                "camaudit traffic: \(result.findingCount) phone-home finding(s) joined to scan \(saved.scan.id) "
                    + "(camaudit report \(saved.scan.id) shows them).")
        }
        if let settings {
            do {
                let rules = try settings.rules(cameras: result.talkingVideoDevices)
                print("\n# nftables (nft -f FILE)\n" + rules.nftables)
                print("\n# iptables\n" + rules.iptablesCommands.joined(separator: "\n"))
            } catch {
                throw CommandLineMessages.refuse("No firewall rules: \(error)")
            }
        }
        // The analysis of the packets before the damage is written; the status says it is not the whole capture.
        if !result.completeness.complete { throw ExitCode(ExitStatus.damagedCapture) }
    }

    /// The GeoIP databases to use: `--geoip`'s, else the installed country database (`InstalledGeoIP`), none with --no-geoip.
    func geoipPaths() -> [String] {
        if noGeoip { return [] }
        if !geoip.isEmpty { return geoip }
        let choice = InstalledGeoIP.locate()
        if choice == .notFound { Self.note("GeoIP: \(InstalledGeoIP.notFoundAdvice).") }
        return choice.paths
    }

    /// A live capture's progress, on stderr.
    static func show(_ event: TrafficAudit.Event) {
        switch event {
        case .activationWarning(let warning): note("camaudit traffic: \(warning)")
        case .capturing(let interface, let seconds, let filter): note("Capturing on \(interface) for \(seconds) s (filter: \(filter))...")
        case .captured(let statistics):
            note("Captured \(statistics.received) packets, \(statistics.droppedByKernel) dropped by the kernel.")
        }
    }

    static func note(_ line: String) { CommandLineMessages.writeToStandardError(line) }
}
