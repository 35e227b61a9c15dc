import CamAuditDiscoveryProtocols
/// How UDP discovery probes: which protocols, how fast, and the limits on what it accepts.
public struct DiscovererConfiguration: Sendable {
    /// The protocols to probe.
    public var protocols: [UDPDiscoveryProtocol]
    /// Targets probed before the receive queue is drained; bounds the burst of probes in flight.
    public var targetsPerBurst: Int
    /// Destination port per protocol; the defaults are the well-known ports.
    public var ports: [UDPDiscoveryProtocol: UInt16]
    /// Whether to fetch the UPnP description an SSDP `LOCATION` points at (same address only).
    public var fetchesDeviceDescriptions: Bool
    /// The deadline for one description fetch.
    public var descriptionTimeout: Duration
    /// Description fetches run at once.
    public var concurrentDescriptionFetches: Int
    /// The most bytes read from one description document.
    public var maximumDescriptionBytes: Int
    /// The most replies read from one address in one discovery; the rest are counted and dropped unread, so a
    /// device that floods answers costs a bounded amount of memory and parsing.
    public var maximumRepliesPerHost: Int
    /// The most answering addresses read in one multicast discovery (unicast reads only the probed ones).
    public var maximumHosts: Int

    public init(
        protocols: [UDPDiscoveryProtocol] = UDPDiscoveryProtocol.allCases, targetsPerBurst: Int = 64,
        ports: [UDPDiscoveryProtocol: UInt16] = [:], fetchesDeviceDescriptions: Bool = true,
        descriptionTimeout: Duration = .seconds(2), concurrentDescriptionFetches: Int = 16,
        maximumDescriptionBytes: Int = 128 * 1024, maximumRepliesPerHost: Int = 32, maximumHosts: Int = 65_536
    ) {
        self.protocols = protocols
        self.targetsPerBurst = max(1, targetsPerBurst)
        self.ports = ports
        self.fetchesDeviceDescriptions = fetchesDeviceDescriptions
        self.descriptionTimeout = descriptionTimeout
        self.concurrentDescriptionFetches = max(1, concurrentDescriptionFetches)
        self.maximumDescriptionBytes = maximumDescriptionBytes
        self.maximumRepliesPerHost = max(1, maximumRepliesPerHost)
        self.maximumHosts = max(1, maximumHosts)
    }

    func port(for discoveryProtocol: UDPDiscoveryProtocol) -> UInt16 {
        ports[discoveryProtocol] ?? discoveryProtocol.port
    }
}
