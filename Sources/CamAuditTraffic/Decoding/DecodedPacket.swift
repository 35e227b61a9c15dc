import CamAuditCore

/// The addressing of one packet: MACs when the link has them, IP endpoints, ports, TCP flags and
/// where the transport payload lies in the captured bytes (offsets, so decoding never copies).
public struct DecodedPacket: Sendable, Hashable {
    public var sourceMAC: MACAddress?
    public var destinationMAC: MACAddress?
    public var source: IPAddress
    public var destination: IPAddress
    public var transport: TransportProtocol
    /// Zero for protocols without ports.
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// The TCP flags octet (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10); zero otherwise.
    public var tcpFlags: UInt8
    /// The TCP sequence number (RFC 9293 §3.1), so client bytes can be put back in order; zero otherwise.
    public var tcpSequence: UInt32
    /// The IP packet's length as its header states it (on-wire bytes, even when the capture cut it).
    public var ipLength: Int
    /// The transport payload's byte range within the captured packet, clipped to what was captured.
    public var payload: Range<Int>
    /// True when the capture holds fewer payload bytes than the headers announce.
    public var payloadIsCut: Bool
}
