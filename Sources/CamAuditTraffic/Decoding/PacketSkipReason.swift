/// Why a captured packet produced no flow record; counted, never fatal.
public enum PacketSkipReason: String, Error, Sendable, Hashable, CaseIterable, Codable {
    /// The bytes end before a header that the packet claims is there (short or snaplen-cut).
    case truncated
    /// An Ethernet/SLL payload that is not IPv4 or IPv6 (ARP, LLDP, ...).
    case notIP
    /// An IP version nibble that does not match the header being parsed.
    case badIPHeader
    /// A later IPv4/IPv6 fragment: it has no transport header to attribute.
    case laterFragment
    /// More VLAN tags or IPv6 extension headers than the decoder follows.
    case tooManyHeaders
}
