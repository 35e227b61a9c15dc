/// What `camaudit traffic --format json` writes (`schema/traffic-report.schema.json`): the capture's
/// counters, so a reader knows how much was read and skipped, and the devices.
public struct TrafficReport: Sendable, Hashable, Codable {
    public var schemaVersion = "1.1"
    /// The capture file's name, or `live capture on IF`.
    public var capture: String
    /// Whether the capture was read to its end; when it was cut, where and why.
    public var captureStatus: CaptureCompleteness
    public var packets: Int
    public var flows: Int
    /// Packets that produced no flow, by reason (`notIP`, `truncated`, `laterFragment`, ...).
    public var skippedPackets: [String: Int]
    /// Packets of flows beyond `FlowTable.maximumFlows`, counted but not analysed.
    public var untrackedPackets: Int
    /// Flows that got no name search because the cap of flows searching at once was reached.
    public var uninspectedFlows: Int
    /// Discovery or DHCP datagrams that no parser could read.
    public var unreadableAnnouncements: Int
    /// The GeoIP databases used: `--geoip`'s, or the installed country database (`InstalledGeoIP`).
    public var geoipDatabases: [String]?
    /// The attribution lines those databases' licences ask for (e.g. DB-IP's CC BY 4.0 credit).
    public var geoipAttributions: [String]?
    public var devices: [DeviceTraffic]

    public init(
        capture: String, table: FlowTable, devices: [DeviceTraffic], geoipDatabases: [String]? = nil,
        geoipAttributions: [String]? = nil, captureStatus: CaptureCompleteness = .complete
    ) {
        self.capture = capture
        self.captureStatus = captureStatus
        packets = table.packets
        flows = table.flows.count
        skippedPackets = Dictionary(table.skipped.map { ($0.key.rawValue, $0.value) }, uniquingKeysWith: +)
        untrackedPackets = table.untrackedPackets
        uninspectedFlows = table.uninspectedFlows
        unreadableAnnouncements = table.announcements.unreadable
        self.geoipDatabases = geoipDatabases
        self.geoipAttributions = geoipAttributions
        self.devices = devices
    }
}

/// How much of a capture was read: all of it, or the packets before a damaged or truncated record.
public struct CaptureCompleteness: Sendable, Hashable, Codable {
    /// True when the capture was read to its end (a live capture: to its duration or a stop).
    public var complete: Bool
    /// The index (from 0) of the first record that could not be read: the number of packets analysed.
    public var packetIndex: Int?
    /// Where that record starts in the file, in bytes from the start, when libpcap's position was known.
    public var byteOffset: Int?
    /// Why the capture stopped there, as libpcap said it.
    public var reason: String?

    public init(complete: Bool, packetIndex: Int? = nil, byteOffset: Int? = nil, reason: String? = nil) {
        self.complete = complete
        self.packetIndex = packetIndex
        self.byteOffset = byteOffset
        self.reason = reason
    }

    public static let complete = CaptureCompleteness(complete: true)
}
