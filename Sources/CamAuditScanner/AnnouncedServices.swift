import CamAuditCore
import CamAuditDiscovery
import CamAuditProbes
import Foundation

/// Ports a host announced for itself in discovery answers but the sweep did not list: ONVIF
/// WS-Discovery XAddrs (a Foscam HD serves ONVIF on 888), SSDP LOCATION, mDNS SRV ports, and the web
/// and SDK ports of Hikvision SADP (`HttpPort`, `CommandPort`) and Dahua DHDiscover (`HttpPort`, `Port`).
///
/// Only ports are taken from an announcement, and they are probed on the host that answered: a device
/// often announces its address on another interface, or the address it had before (a camera behind NAT
/// or with two interfaces lists them all), and an announcement naming another host never sends a packet
/// there. The scan's scope guard already covers the answering host; the prober's deadlines apply as usual.
public enum AnnouncedServices {
    /// At most this many announced ports are followed per host: a hostile answer cannot fan a scan out.
    public static let maximumPorts = 8

    /// One port to probe and why.
    public struct Port: Sendable, Hashable {
        public var port: UInt16
        public var hint: ServiceHint
        /// The announcement, e.g. `WS-Discovery XAddrs http://127.0.0.1:888/onvif/device_service`.
        public var reason: String
    }

    /// The announced ports of `address` that are not in `known`, in announcement order, deduplicated.
    public static func ports(in observations: [Observation], of address: IPAddress, excluding known: Set<UInt16>) -> [Port] {
        var result: [Port] = []
        var seen = known
        func add(_ port: UInt16, _ hint: ServiceHint, _ reason: String) {
            guard port != 0, result.count < maximumPorts, seen.insert(port).inserted else { return }
            result.append(Port(port: port, hint: hint, reason: reason))
        }
        for observation in observations {
            switch observation.field {
            case .wsdiscoveryXAddrs, .ssdpLocation:
                let kind = observation.field == .wsdiscoveryXAddrs ? "WS-Discovery XAddrs" : "SSDP LOCATION"
                for word in observation.value.split(whereSeparator: \.isWhitespace).prefix(maximumPorts) {
                    if let (port, hint) = endpoint(String(word), of: address) { add(port, hint, "\(kind) \(word)") }
                }
            case .sadpHTTPPort, .dhdiscoverHTTPPort, .sadpCommandPort, .dhdiscoverServicePort:
                guard let port = UInt16(observation.value) else { continue }
                let hint: ServiceHint =
                    switch observation.field {
                    case .sadpCommandPort: .hikvisionSDK
                    case .dhdiscoverServicePort: .dahuaDVRIP
                    default: .http
                    }
                add(port, hint, "\(observation.probe) \(observation.field.rawValue) \(port)")
            case .mdnsServicePort:
                let parts = observation.value.split(separator: " ")
                guard parts.count == 2, let port = UInt16(parts[1]) else { continue }
                add(port, hint(forServiceType: String(parts[0])), "mDNS SRV \(observation.value)")
            default:
                continue
            }
        }
        return result
    }

    /// The port and protocol of an `http(s)://host[:port]/...` or `rtsp://` URL. The host named in it is
    /// not used (see the type's comment); an IPv6 literal of another family than `address` is skipped,
    /// since that port belongs to an interface the scan does not reach.
    static func endpoint(_ text: String, of address: IPAddress) -> (UInt16, ServiceHint)? {
        guard text.utf8.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(), var host = url.host,
            !host.isEmpty
        else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let named = IPAddress(host), named.isIPv4 != address.isIPv4 { return nil }
        switch scheme {
        case "http": return (UInt16(exactly: url.port ?? 80) ?? 0, .http)
        case "https": return (UInt16(exactly: url.port ?? 443) ?? 0, .https)
        case "rtsp": return (UInt16(exactly: url.port ?? 554) ?? 0, .rtsp)
        default: return nil
        }
    }

    /// What an SRV service type speaks (RFC 6763 service names; Axis registers `_axis-video._tcp` for its web server).
    static func hint(forServiceType type: String) -> ServiceHint {
        let name = type.lowercased()
        if name.hasPrefix("_rtsp.") { return .rtsp }
        if name.hasPrefix("_https.") { return .https }
        if name.hasPrefix("_http.") || name.hasPrefix("_axis-video.") || name.hasPrefix("_axis-nvr.") || name.hasPrefix("_onvif.") {
            return .http
        }
        return .unknown
    }
}
