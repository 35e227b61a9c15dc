/// The link-layer framing of a capture, as far as the decoder understands it.
public enum LinkType: Sendable, Hashable {
    case ethernet
    /// Linux "cooked" capture v1 (`any` interface), 16-byte header.
    case linuxCooked
    /// Linux "cooked" capture v2, 20-byte header.
    case linuxCooked2
    /// Bare IP, version taken from the first nibble.
    case rawIP
    case rawIPv4
    case rawIPv6

    /// Maps a libpcap DLT value; nil for framings the decoder does not handle.
    public init?(dataLinkType: Int32) {
        switch dataLinkType {
        case 1: self = .ethernet  // DLT_EN10MB
        case 113: self = .linuxCooked  // DLT_LINUX_SLL
        case 276: self = .linuxCooked2  // DLT_LINUX_SLL2
        // DLT_RAW is 12 on Linux, 14 on some BSDs; 101 is its LINKTYPE_ value in files.
        case 12, 14, 101: self = .rawIP
        case 228: self = .rawIPv4  // DLT_IPV4
        case 229: self = .rawIPv6  // DLT_IPV6
        default: return nil
        }
    }

    /// The LINKTYPE_ value written in a pcap file header for this framing.
    public var fileLinkType: UInt32 {
        switch self {
        case .ethernet: return 1
        case .linuxCooked: return 113
        case .linuxCooked2: return 276
        case .rawIP: return 101
        case .rawIPv4: return 228
        case .rawIPv6: return 229
        }
    }
}
