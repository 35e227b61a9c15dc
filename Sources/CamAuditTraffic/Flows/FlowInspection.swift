/// What a flow keeps while it still reads its first bytes for a server name (TLS or QUIC SNI, HTTP
/// Host) or, on DNS over TCP, for answers. Freed once the search ends; every part is bounded.
struct FlowInspection: Sendable, Hashable {
    /// Where a flow's search stands.
    enum Progress: Sendable, Hashable {
        case notStarted
        indirect case reading(FlowInspection)
        case finished
    }

    /// Client data packets read before giving up on a name.
    static let maximumClientPackets = 8
    /// Server data packets of DNS over TCP read without completing an answer before giving up;
    /// each completed answer resets the count, so a long-lived resolver connection keeps feeding names.
    static let maximumDNSServerPacketsWithoutAnswer = 64
    /// Packets either way after which a flow whose client has not named the server stops looking:
    /// a download the camera only ACKs must not pay for the search on every packet.
    static let maximumFlowPackets = 64
    /// QUIC Initial packets whose CRYPTO frames are joined (a post-quantum ClientHello needs two).
    static let maximumQUICInitials = 3

    var client: StreamReassembly?
    var server: StreamReassembly?
    var clientPackets = 0
    var serverPackets = 0
    /// The DCID of the flow's first QUIC Initial, whose keys protect all its client Initials.
    var quicDestinationConnectionID: [UInt8]?
    var quicInitials = 0
}
