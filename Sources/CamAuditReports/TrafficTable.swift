import CamAuditCore

/// The `camaudit traffic` table: what each local device sent out of the network and to whom, grouped by
/// what the device is. It takes plain values, so this module stays independent of the traffic analysis.
public struct TrafficTable: Sendable {
    /// The section a host is listed in.
    public enum Role: Sendable, CaseIterable {
        case videoDevice, unknown, client

        var heading: String {
            switch self {
            case .videoDevice: return "Video devices"
            case .unknown: return "Hosts camaudit could not tell apart (not given phone-home findings)"
            case .client: return "Clients (phones, PCs running the vendor app: not cameras)"
            }
        }
    }

    /// One destination outside the network.
    public struct Destination: Sendable {
        /// Category, vendor and service, the ones known.
        public var kind: [String]
        public var name: String?
        public var address: IPAddress
        public var services: [String]
        public var bytesUp: Int
        public var bytesDown: Int
        /// The GeoIP summary (`CN, AS64500 Example Cloud, 203.0.113.0/24`), when known.
        public var geo: String?
        /// The video-sized upload's summary (`4.2 MB in 31 s (1.1 Mbit/s)`), when there was one.
        public var videoUpload: String?

        public init(
            kind: [String], name: String?, address: IPAddress, services: [String], bytesUp: Int, bytesDown: Int,
            geo: String?, videoUpload: String?
        ) {
            self.kind = kind
            self.name = name
            self.address = address
            self.services = services
            self.bytesUp = bytesUp
            self.bytesDown = bytesDown
            self.geo = geo
            self.videoUpload = videoUpload
        }
    }

    /// What one host sent to one country: destinations and bytes.
    public struct Country: Sendable {
        /// ISO 3166-1 alpha-2 code; nil for destinations the database has no country for.
        public var code: String?
        public var destinations: Int
        public var bytesUp: Int
        public var bytesDown: Int

        public init(code: String?, destinations: Int, bytesUp: Int, bytesDown: Int) {
            self.code = code
            self.destinations = destinations
            self.bytesUp = bytesUp
            self.bytesDown = bytesDown
        }
    }

    /// One local host.
    public struct Host: Sendable {
        public var address: IPAddress
        public var mac: String?
        public var role: Role
        /// Maker, model, device type and software family, the ones known.
        public var identity: [String]
        public var decidedBy: String
        public var score: Double
        public var firstSeen: Double?
        public var lastSeen: Double?
        public var bytesUp: Int
        /// One sentence per item of evidence, strongest first.
        public var evidence: [String]
        public var destinations: [Destination]
        public var findings: [Finding]
        /// Destinations and bytes per country, most bytes first; empty when no GeoIP database was used.
        public var countries: [Country]

        public init(
            address: IPAddress, mac: String?, role: Role, identity: [String], decidedBy: String, score: Double,
            firstSeen: Double?, lastSeen: Double?, bytesUp: Int, evidence: [String], destinations: [Destination], findings: [Finding],
            countries: [Country] = []
        ) {
            self.address = address
            self.mac = mac
            self.role = role
            self.identity = identity
            self.decidedBy = decidedBy
            self.score = score
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.bytesUp = bytesUp
            self.evidence = evidence
            self.destinations = destinations
            self.findings = findings
            self.countries = countries
        }
    }

    /// Destinations listed per host; the JSON format lists all.
    public static let destinationsShown = 20

    public var packets: Int
    public var flows: Int
    /// Packets that produced no flow (not IP, cut, later fragments).
    public var skippedPackets: Int
    public var hosts: [Host]
    /// One line per GeoIP database used (type, build date, path).
    public var geoipDatabases: [String]
    /// The attribution lines those databases' licences ask for.
    public var geoipAttributions: [String]
    /// Why and where the capture was cut, when it was not read to its end; nil for a whole capture.
    public var incomplete: String?

    public init(
        packets: Int, flows: Int, skippedPackets: Int, hosts: [Host], geoipDatabases: [String] = [], geoipAttributions: [String] = [],
        incomplete: String? = nil
    ) {
        self.packets = packets
        self.flows = flows
        self.skippedPackets = skippedPackets
        self.hosts = hosts
        self.geoipDatabases = geoipDatabases
        self.geoipAttributions = geoipAttributions
        self.incomplete = incomplete
    }

    public func render() -> String {
        var lines = ["\(packets) packets, \(flows) flows, \(skippedPackets) packets skipped (not IP, cut or later fragments)"]
        if let incomplete { lines.append("INCOMPLETE CAPTURE: \(TableReport.clean(incomplete)); only the packets before it are analysed") }
        lines += geoipDatabases.map { "Countries from \(TableReport.clean($0))" }
        lines += geoipAttributions.map { "  \(TableReport.clean($0))" }
        if hosts.isEmpty { lines.append("No local device sent anything out of the network.") }
        for role in Role.allCases {
            let members = hosts.filter { $0.role == role }
            guard !members.isEmpty else { continue }
            lines.append("")
            lines.append("== \(role.heading): \(members.count)")
            for host in members { lines += Self.describe(host) }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ host: Host) -> [String] {
        let what = host.identity.map(TableReport.clean).joined(separator: " ")
        var lines = [
            "", "\(host.address)\(host.mac.map { "  \($0)" } ?? "")  \(what)  (decided by \(host.decidedBy), score \(host.score))",
        ]
        if let first = host.firstSeen, let last = host.lastSeen {
            lines.append(
                "  seen \(UTCTimestamp.text(first)) to \(UTCTimestamp.text(last)), sent \(ByteCount.text(host.bytesUp)) out of the network")
        }
        lines += host.evidence.prefix(4).map { "  why: \(TableReport.clean($0))" }
        if host.destinations.isEmpty { lines.append("  nothing left the network") }
        lines.append(
            contentsOf: host.destinations.prefix(destinationsShown).map { destination in
                let kind = destination.kind.joined(separator: " ")
                let video = destination.videoUpload.map { "  VIDEO-SIZED UPLOAD \($0)" } ?? ""
                let geo = destination.geo.map { "  [\(TableReport.clean($0))]" } ?? ""
                return "  \(kind.padding(toLength: 34, withPad: " ", startingAt: 0)) \(TableReport.clean(destination.name ?? "-")) "
                    + "\(destination.address) \(destination.services.joined(separator: ","))  up \(ByteCount.text(destination.bytesUp)) "
                    + "down \(ByteCount.text(destination.bytesDown))\(geo)\(video)"
            })
        if host.destinations.count > destinationsShown {
            lines.append("  ... and \(host.destinations.count - destinationsShown) more destinations (--format json lists all)")
        }
        if !host.countries.isEmpty {
            lines.append(
                "  countries: "
                    + host.countries.map { country in
                        "\(country.code ?? "unknown") \(country.destinations) destination\(country.destinations == 1 ? "" : "s") "
                            + "(up \(ByteCount.text(country.bytesUp)), down \(ByteCount.text(country.bytesDown)))"
                    }.joined(separator: "; "))
        }
        for finding in host.findings {
            lines.append("  FINDING \(finding.severity.rawValue.uppercased()) \(finding.id): \(TableReport.clean(finding.title))")
            // A taken-over device's finding shows what was seen; the phone-home ones list their destinations above.
            if finding.kind == .compromise {
                lines += finding.evidence.prefix(3).map { "    seen: \(TableReport.clean($0))" }
            }
        }
        return lines
    }
}
