/// One conversation's counters: bytes and packets each way, when it was seen, the MACs on the
/// capture's link, the TLS server name, and the first payload bytes (for P2P signatures).
public struct Flow: Sendable, Hashable {
    public var key: FlowKey
    /// The client's MAC as seen on the captured link (the router's MAC when the client is remote).
    public var clientMAC: MACAddress?
    public var serverMAC: MACAddress?
    /// Capture timestamps in seconds since 1970.
    public var firstSeen: Double
    public var lastSeen: Double
    /// Client to server: on a LAN capture, the camera's upload when the camera is the client.
    public var bytesUp: Int = 0
    public var bytesDown: Int = 0
    public var packetsUp: Int = 0
    public var packetsDown: Int = 0
    /// The SNI host name of the TLS ClientHello that opened the flow, if any.
    public var serverName: String?
    /// The first bytes of the first non-empty payload each way, at most `Flow.payloadPrefixLength`.
    public var firstClientPayload: [UInt8] = []
    public var firstServerPayload: [UInt8] = []

    /// Enough for protocol signatures (CS2's 4-byte header, TLS record, HTTP method) at bounded cost.
    public static let payloadPrefixLength = 32

    public init(key: FlowKey, firstSeen: Double) {
        self.key = key
        self.firstSeen = firstSeen
        self.lastSeen = firstSeen
    }
}
