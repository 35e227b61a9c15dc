import CamAuditCore

/// Everything one local device said to the outside in a capture, grouped by destination, with what
/// the device is and the findings its traffic gave.
public struct DeviceTraffic: Sendable, Hashable, Codable {
    /// One destination of one device, with the classification and the counters of all its flows.
    public struct Destination: Sendable, Hashable, Codable {
        public var address: IPAddress
        /// The name the device looked up (DNS) or sent (TLS or QUIC SNI, HTTP Host), when the capture shows one.
        public var name: String?
        /// Where `name` came from: `dns`, `tls-sni`, `quic-sni`, `http-host`.
        public var nameSource: String?
        /// `tcp/443`, `udp/32100`, ... (every port the device used on this destination).
        public var services: [String]
        public var classification: DestinationClassification
        /// Device to destination.
        public var bytesUp: Int
        public var bytesDown: Int
        public var flows: Int
        public var firstSeen: Double
        public var lastSeen: Double
        /// Set when the upload to this destination is video-sized (`VideoUpload`'s thresholds).
        public var videoUpload: VideoUpload?
        /// Country and network from the user's GeoIP database (`--geoip`), when one was given and knows the address.
        public var geo: GeoIPRecord?
    }

    public var address: IPAddress
    /// The device's MAC as the capture shows it (absent when the capture is not from its own link).
    public var mac: String?
    /// What the device is (video device, client, unknown) and why.
    public var attribution: DeviceAttribution
    /// Destinations outside the local network, most bytes up first.
    public var destinations: [Destination]
    /// `phone-home` findings (video devices only); the same records join the device in a saved scan.
    public var findings: [Finding]
    public var firstSeen: Double?
    public var lastSeen: Double?

    /// Bytes the device sent out of the local network.
    public var bytesUp: Int { destinations.reduce(0) { $0 + $1.bytesUp } }
}
