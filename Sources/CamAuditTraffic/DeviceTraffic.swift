import CamAuditCore

/// Everything one local device said to the outside in a capture, grouped by destination.
public struct DeviceTraffic: Sendable, Hashable, Codable {
    /// One destination of one device, with the classification and the counters of all its flows.
    public struct Destination: Sendable, Hashable, Codable {
        public var address: IPAddress
        /// The name the device looked up (DNS) or sent (TLS SNI), when the capture shows one.
        public var name: String?
        /// `tcp/443`, `udp/32100`, ... (every port the device used on this destination).
        public var services: [String]
        public var classification: DestinationClassification
        /// Device to destination.
        public var bytesUp: Int
        public var bytesDown: Int
        public var flows: Int
        public var firstSeen: Double
        public var lastSeen: Double
    }

    public var address: IPAddress
    /// The device's MAC as the capture shows it (absent when the capture is not from its own link).
    public var mac: String?
    /// Destinations outside the local network, most bytes up first.
    public var destinations: [Destination]

    /// Bytes the device sent out of the local network.
    public var bytesUp: Int { destinations.reduce(0) { $0 + $1.bytesUp } }
}
