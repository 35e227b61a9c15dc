import Foundation

/// A UDP discovery protocol camaudit speaks: its port, multicast group and probe datagram.
public enum UDPDiscoveryProtocol: String, Sendable, CaseIterable, Hashable {
    /// ONVIF WS-Discovery (ONVIF Core Specification; OASIS WS-Discovery 2005/04).
    case wsDiscovery = "WS-Discovery"
    /// SSDP M-SEARCH (UPnP).
    case ssdp = "SSDP"
    /// Hikvision SADP (§1.2).
    case sadp = "SADP"
    /// Dahua DHDiscover in DHIP framing (§1.3).
    case dhDiscover = "DHDiscover"
    /// mDNS / DNS-SD PTR query (RFC 6762, RFC 6763; Axis service types in §1.4).
    case mdns = "mDNS"

    /// The well-known UDP port.
    public var port: UInt16 {
        switch self {
        case .wsDiscovery: 3702
        case .ssdp: 1900
        case .sadp: 37020
        case .dhDiscover: 37810
        case .mdns: 5353
        }
    }

    /// The multicast group probes go to in multicast mode (dotted quad).
    public var multicastGroup: String {
        switch self {
        case .dhDiscover: "239.255.255.251"
        case .mdns: "224.0.0.251"  // RFC 6762 §3
        case .wsDiscovery, .ssdp, .sadp: "239.255.255.250"
        }
    }

    /// The probe name recorded on observations.
    var probeName: String {
        switch self {
        case .wsDiscovery: "WS-Discovery Probe"
        case .ssdp: "SSDP M-SEARCH"
        case .sadp: "SADP inquiry"
        case .dhDiscover: "DHDiscover.search"
        case .mdns: "mDNS PTR query"
        }
    }

    /// The probe datagram (built by the protocol's own type); `token` makes message ids unique per run.
    public func probe(token: UUID) -> [UInt8] {
        switch self {
        case .wsDiscovery: WSDiscoveryProbe.message(uuid: token)
        case .ssdp: SSDPSearch.message(searchTarget: "ssdp:all", mx: 1)
        case .sadp: SADPProbe.message(uuid: token)
        case .dhDiscover: DHDiscoverProbe.message()
        // Sent from an ephemeral port, so responders answer by unicast (RFC 6762 §6.7).
        case .mdns: MDNSQuery.message()
        }
    }
}
