/// One conversation's counters: bytes and packets each way, when it was seen, the MACs on the
/// capture's link, the server name the client asked for, and the first payload bytes (for P2P signatures).
public struct Flow: Sendable, Hashable {
    /// Which part of the client's first bytes named the server.
    public enum NameSource: String, Sendable, Hashable, Codable, CaseIterable {
        /// The server_name extension of a TLS ClientHello over TCP (RFC 6066 §3).
        case tlsSNI = "tls-sni"
        /// The same, in the ClientHello a QUIC Initial carries (RFC 9001 §4).
        case quicSNI = "quic-sni"
        /// The Host header of a plain HTTP/1.x request (RFC 9110 §7.2).
        case httpHost = "http-host"
    }

    // Stored in the order a packet touches them: the key and counters first, so the hot part of a
    // flow sits in as few cache lines as possible (at 100,000 flows every packet misses the cache once).
    public var key: FlowKey
    /// Capture timestamps in seconds since 1970.
    public var firstSeen: Double
    public var lastSeen: Double
    /// Client to server: on a LAN capture, the camera's upload when the camera is the client.
    public var bytesUp: Int = 0
    public var bytesDown: Int = 0
    public var packetsUp: Int = 0
    public var packetsDown: Int = 0
    /// Where the search for a name stands; one word per flow, the buffers boxed only while it lasts.
    var inspectionState: FlowInspection.Progress = .notStarted
    /// Whether `firstClientPayload`/`firstServerPayload` are taken: a flag in the flow, where testing the
    /// array would read its heap buffer on every data packet.
    var tookClientPayload = false
    var tookServerPayload = false
    /// CS2/PPPP messages each side sent (any UDP port): what they say about the sender, see `CS2Messages`.
    public var cs2FromClient: CS2Messages = []
    public var cs2FromServer: CS2Messages = []
    /// The client's MAC as seen on the captured link (the router's MAC when the client is remote).
    public var clientMAC: MACAddress?
    public var serverMAC: MACAddress?
    /// The host name the client asked for: TLS or QUIC SNI, or HTTP Host; nil if none was seen.
    public var serverName: String?
    /// Where `serverName` came from.
    public var serverNameSource: NameSource?
    /// The first bytes of the first non-empty payload each way, at most `Flow.payloadPrefixLength`.
    public var firstClientPayload: [UInt8] = []
    public var firstServerPayload: [UInt8] = []

    /// True once the search for a name is over: from then on a packet costs only its counters.
    var inspectionFinished: Bool {
        if case .finished = inspectionState { return true }
        return false
    }

    /// The first bytes still being read for a name; nil before any and after the search ended.
    var inspection: FlowInspection? {
        if case .reading(let state) = inspectionState { return state }
        return nil
    }

    /// Enough for protocol signatures (CS2's 4-byte header, TLS record, HTTP method) at bounded cost, and
    /// for a Stratum request's method name (`{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":` is 59 bytes).
    public static let payloadPrefixLength = 64

    public init(key: FlowKey, firstSeen: Double) {
        self.key = key
        self.firstSeen = firstSeen
        self.lastSeen = firstSeen
    }
}
