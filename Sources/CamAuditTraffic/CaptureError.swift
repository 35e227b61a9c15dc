/// Why a capture could not be read.
public enum CaptureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libpcap could not open the file: missing, unreadable, or not a pcap/pcapng capture.
    case cannotOpen(path: String, reason: String)
    /// The capture's link-layer type is one the decoder does not handle.
    case unsupportedLinkType(path: String, dataLinkType: Int32, name: String)
    /// libpcap failed part-way through (a truncated or corrupt record); packets before it were delivered.
    case readFailed(path: String, afterPackets: Int, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "Cannot read the capture \(path): \(reason). Give a .pcap or .pcapng file written by tcpdump, Wireshark or dumpcap."
        case .unsupportedLinkType(let path, let value, let name):
            return "The capture \(path) uses link type \(name) (\(value)), which camaudit does not decode. "
                + "Capture on an Ethernet interface or with `tcpdump -i any` (Linux cooked), or as raw IP."
        case .readFailed(let path, let count, let reason):
            return "The capture \(path) is damaged after \(count) packets: \(reason). The packets before it were analysed."
        }
    }
}
