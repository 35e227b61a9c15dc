import CamAuditCore

/// How one local host used the network in a capture: the counters that tell a camera, which serves
/// and uploads video, from the phone or PC that watches it.
public struct TrafficShape: Sendable, Hashable {
    /// Distinct destinations outside the site (DNS and NTP servers not counted).
    public var outsideDestinations = 0
    /// Of those, destinations that are vendor clouds or P2P brokers.
    public var relayDestinations = 0
    /// Bytes to and from vendor clouds and P2P brokers.
    public var relayBytesUp = 0
    public var relayBytesDown = 0
    /// Local hosts that opened a video connection to this host (it served them RTSP or a vendor SDK port).
    public var servedVideoTo: Set<IPAddress> = []
    /// Local hosts whose video port this host connected to (it watched or recorded them).
    public var pulledVideoFrom: Set<IPAddress> = []
    /// App-side vendor host names this host reached (only the vendor's app or portal uses them).
    public var appNamesReached: [String] = []

    /// Ports that carry a camera's video or its vendor's control protocol on the LAN: RTSP (554, 8554),
    /// Hikvision SDK (8000), Dahua private protocol (37777), Xiongmai DVRIP (34567); the ports' sources are named in
    /// CamAuditProbes' PortHintTable.
    public static let videoPorts: Set<UInt16> = [554, 8554, 8000, 37777, 34567]
    /// Keep the set small: a host is never tracked with more peers than this.
    static let maximumPeers = 64

    public init() {}
}
