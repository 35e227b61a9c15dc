/// A UDP discovery protocol camaudit speaks: its port, multicast group and probe datagram.
public enum UDPDiscoveryProtocol: String, Sendable, CaseIterable, Hashable {
    /// ONVIF WS-Discovery (protocols.md §1.1).
    case wsDiscovery = "WS-Discovery"
    /// SSDP M-SEARCH (UPnP).
    case ssdp = "SSDP"
    /// Hikvision SADP (§1.2).
    case sadp = "SADP"
    /// Dahua DHDiscover in DHIP framing (§1.3).
    case dhDiscover = "DHDiscover"

    /// The well-known UDP port.
    public var port: UInt16 {
        switch self {
        case .wsDiscovery: 3702
        case .ssdp: 1900
        case .sadp: 37020
        case .dhDiscover: 37810
        }
    }

    /// The multicast group probes go to in multicast mode (dotted quad).
    public var multicastGroup: String {
        self == .dhDiscover ? "239.255.255.251" : "239.255.255.250"
    }

    /// The probe name recorded on observations.
    var probeName: String {
        switch self {
        case .wsDiscovery: "WS-Discovery Probe"
        case .ssdp: "SSDP M-SEARCH"
        case .sadp: "SADP inquiry"
        case .dhDiscover: "DHDiscover.search"
        }
    }

    /// The probe datagram; `token` makes the message id unique per run.
    func probe(token: String, multicast: Bool) -> [UInt8] {
        switch self {
        case .wsDiscovery:
            return Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\" "
                + "xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
                + "xmlns:wsd=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\">"
                + "<soap:Header><wsa:MessageID>urn:uuid:\(token)</wsa:MessageID>"
                + "<wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>"
                + "<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action></soap:Header>"
                + "<soap:Body><wsd:Probe/></soap:Body></soap:Envelope>").utf8)
        case .ssdp:
            // UPnP 1.1 allows the multicast HOST value on unicast M-SEARCH too; devices accept both.
            return Array("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n".utf8)
        case .sadp:
            return Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><Probe><Uuid>\(token.uppercased())</Uuid><Types>inquiry</Types></Probe>".utf8)
        case .dhDiscover:
            let body = Array("{\"method\":\"DHDiscover.search\",\"params\":{\"mac\":\"\",\"uni\":1}}".utf8)
            return UDPReplyParser.dhipHeader(length: UInt64(body.count)) + body
        }
    }
}
