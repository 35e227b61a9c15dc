/// Why a capture could not be read.
public enum CaptureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libpcap could not open the file: missing, unreadable, or not a pcap/pcapng capture.
    case cannotOpen(path: String, reason: String)
    /// The capture's link-layer type is one the decoder does not handle.
    case unsupportedLinkType(path: String, dataLinkType: Int32, name: String)
    /// libpcap failed part-way through (a truncated or corrupt record); packets before it were delivered.
    case readFailed(path: String, afterPackets: Int, reason: String)
    /// Live capture needs root or CAP_NET_RAW (and CAP_NET_ADMIN on some systems).
    case permissionDenied(interface: String, reason: String)
    /// No network interface has this name.
    case noSuchInterface(interface: String, reason: String)
    /// libpcap could not start capturing on the interface for another reason (down, busy, unsupported).
    case cannotOpenInterface(interface: String, reason: String)
    /// libpcap rejected the BPF filter expression.
    case invalidFilter(filter: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "Cannot read the capture \(path): \(reason). Give a .pcap or .pcapng file written by tcpdump, Wireshark or dumpcap."
        case .unsupportedLinkType(let path, let value, let name):
            return "The capture \(path) uses link type \(name) (\(value)), which camaudit does not decode. "
                + "Capture on an Ethernet interface or with `tcpdump -i any` (Linux cooked), or as raw IP."
        case .readFailed(let path, 0, let reason):
            return "The capture \(path) is damaged: no packet could be read (\(reason)). Capture again, or check how the file was copied."
        case .readFailed(let path, let count, let reason):
            return "The capture \(path) is damaged after \(count) packet\(count == 1 ? "" : "s") (\(reason)): "
                + "\(count == 1 ? "the packet before the damage was" : "the \(count) packets before the damage were") analysed, the rest of the file was not."
        case .permissionDenied(let interface, let reason):
            return "Not allowed to capture on \(interface): \(reason). Run as root or give the binary CAP_NET_RAW "
                + "(sudo setcap cap_net_raw,cap_net_admin=eip $(which camaudit)), or capture with tcpdump and pass the file."
        case .noSuchInterface(let interface, let reason):
            return "There is no network interface \(interface) (\(reason)). List interfaces with `ip link` and pass one with --live."
        case .cannotOpenInterface(let interface, let reason):
            return "Cannot capture on \(interface): \(reason). Check that the interface exists and is up."
        case .invalidFilter(let filter, let reason):
            return "The capture filter \"\(filter)\" is not valid BPF: \(reason). See pcap-filter(7) for the syntax."
        }
    }
}
