/// An SSDP `M-SEARCH` (UDP 1900): builds one, and reads one back.
public struct SSDPSearch: Sendable, Hashable {
    public var searchTarget: String
    public var mx: Int

    public init(searchTarget: String, mx: Int) {
        self.searchTarget = searchTarget
        self.mx = mx
    }

    /// The M-SEARCH datagram. The HOST header names the SSDP group as the protocol requires; where it is sent is the caller's choice.
    public static func message(searchTarget: String = "ssdp:all", mx: Int = 2) -> [UInt8] {
        let text =
            "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n"
            + "MX: \(max(1, min(mx, 5)))\r\nST: \(searchTarget)\r\n\r\n"
        return Array(text.utf8)
    }

    /// Reads an M-SEARCH datagram.
    public static func parse(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> SSDPSearch {
        let head = try SSDPMessage.parse(bytes)
        guard head.startLine.uppercased().hasPrefix("M-SEARCH ") else { throw .badStartLine(head.startLine) }
        return SSDPSearch(searchTarget: head["ST"] ?? "", mx: head["MX"].flatMap { Int($0) } ?? 0)
    }
}
