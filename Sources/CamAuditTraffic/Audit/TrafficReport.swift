/// What `camaudit traffic --format json` writes (`schema/traffic-report.schema.json`): the capture's
/// counters, so a reader knows how much was read and skipped, and the devices.
public struct TrafficReport: Sendable, Hashable, Codable {
    public var schemaVersion = "1.0"
    /// The capture file's name, or `live capture on IF`.
    public var capture: String
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
        geoipAttributions: [String]? = nil
    ) {
        self.capture = capture
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
