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
    /// Device-side names of camera clouds and P2P brokers it reached (DNS, TLS SNI or HTTP Host matched the data).
    public var cameraCloudNames: [String] = []
    /// Names (or services) of non-camera smart-home clouds it reached (`iot-cloud` in the data).
    public var iotCloudNames: [String] = []
    /// Names of phone or computer operating-system services it reached (`os-service` in the data).
    public var osServiceNames: [String] = []
    /// Local hosts that sent this host a media-shaped UDP stream (see `isMediaUpload`): it watched them.
    public var receivedMediaFrom: Set<IPAddress> = []
    /// Local smart-home devices (hosts that reach an `iot-cloud`) it opened a session to: the app controlling them.
    public var controlledSmartHomeDevices: Set<IPAddress> = []
    /// Servers it registered a device ID with over CS2/PPPP (MSG_DEV_LGN), on any port.
    public var cs2DeviceLoginsTo: Set<IPAddress> = []
    /// Whether it sent CS2 client messages (MSG_P2P_REQ, MSG_LAN_SEARCH): the app's side of CS2.
    public var cs2ClientRequests = false
    /// Peers (local or not) it sent a media-shaped UDP stream to, with the bytes sent: see `isMediaUpload`.
    public var mediaUploads: [IPAddress: Int] = [:]

    /// A UDP flow that carries a stream one way, as a camera's P2P video does: at least
    /// `AttributionWeights.mediaUploadMinimumBytes` sent, `mediaUploadRatio` times what came back,
    /// and not on 80 or 443 (QUIC and HTTP/3 uploads from phones and PCs run there).
    static func isMediaUpload(sent: Int, received: Int, transport: TransportProtocol, ports: (UInt16, UInt16)) -> Bool {
        transport == .udp && sent >= AttributionWeights.mediaUploadMinimumBytes && sent >= AttributionWeights.mediaUploadRatio * received
            && ![80, 443].contains(ports.0) && ![80, 443].contains(ports.1)
    }

    /// Ports that carry a camera's video or its vendor's control protocol on the LAN: RTSP (554, 8554),
    /// Hikvision SDK (8000), Dahua private protocol (37777), Xiongmai DVRIP (34567); the ports' sources are named in
    /// CamAuditProbes' PortHintTable.
    public static let videoPorts: Set<UInt16> = [554, 8554, 8000, 37777, 34567]
    /// Keep the set small: a host is never tracked with more peers than this.
    static let maximumPeers = 64

    public init() {}
}
