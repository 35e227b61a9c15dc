import Foundation
import CamAuditCore
import CamAuditDiscoveryProtocols

// DHCP fields a client sends about itself (RFC 2132 §3.14, §9.13); `dhcp.vendor_class` has a fingerprint file.
extension ObservedField {
    public static let dhcpVendorClass: ObservedField = "dhcp.vendor_class"
    public static let dhcpHostName: ObservedField = "dhcp.hostname"
}

/// What local hosts said about themselves in a capture: discovery announcements and answers
/// (SSDP, WS-Discovery, mDNS, SADP, DHDiscover), DHCP host names and vendor classes, and which
/// hosts searched for cameras (an app, a VMS or a recorder does; a camera answers).
///
/// Bounded: at most `maximumHosts` hosts and `maximumDatagramsPerHost` datagrams read per host,
/// each parsed once by the same parsers active discovery uses.
public struct CaptureAnnouncements: Sendable {
    public static let maximumHosts = 4096
    public static let maximumDatagramsPerHost = 32

    /// Observations by the address that sent them (one copy of each field and value).
    public private(set) var observations: [IPAddress: [Observation]] = [:]
    /// Discovery searches each host sent: `SSDP M-SEARCH`, `WS-Discovery Probe`.
    public private(set) var searches: [IPAddress: Set<String>] = [:]
    /// DHCP observations by the client's hardware address (its IP is often not yet known).
    public private(set) var dhcpByMAC: [MACAddress: [Observation]] = [:]
    /// Addresses DHCP tied to a hardware address (ACK `yiaddr`, a request's `ciaddr` or option 50).
    public private(set) var leases: [IPAddress: MACAddress] = [:]
    /// Datagrams on a discovery port that no parser could read.
    public private(set) var unreadable = 0
    private var datagramsRead: [IPAddress: Int] = [:]

    public init() {}

    /// Whether a UDP packet between these ports may carry an announcement.
    @inline(__always)
    static func isCandidate(sourcePort: UInt16, destinationPort: UInt16) -> Bool {
        isAnnouncementPort(sourcePort) || isAnnouncementPort(destinationPort)
    }

    /// The UDP ports whose datagrams are read: DHCP (67, 68), SSDP (1900), WS-Discovery (3702), mDNS (5353),
    /// SADP (37020), DHDiscover (37810). A switch, since this runs on every UDP packet.
    @inline(__always)
    static func isAnnouncementPort(_ port: UInt16) -> Bool {
        switch port {
        case 67, 68, 1900, 3702, 5353, 37020, 37810: return true
        default: return false
        }
    }

    /// Reads one UDP datagram sent by `source`.
    public mutating func inspect(source: IPAddress, sourcePort: UInt16, destinationPort: UInt16, payload: UnsafeRawBufferPointer) {
        guard !payload.isEmpty else { return }
        let count = datagramsRead[source] ?? 0
        guard count < Self.maximumDatagramsPerHost, count > 0 || datagramsRead.count < Self.maximumHosts else { return }
        datagramsRead[source] = count + 1
        if [67, 68].contains(sourcePort) && [67, 68].contains(destinationPort) {
            readDHCP(payload)
            return
        }
        let bytes = Array(payload.prefix(65_536))
        if bytes.starts(with: Array("M-SEARCH ".utf8)) {
            if let search = Self.ssdpSearch(bytes) { searches[source, default: []].insert(search) }
            return
        }
        if destinationPort == 3702, (try? WSDiscoveryProbe.parse(bytes)) != nil {
            searches[source, default: []].insert("WS-Discovery Probe")
            return
        }
        switch UDPReplyParser.readAnnouncement(bytes) {
        case .reply(let kind, let found, _):
            var known = observations[source] ?? []
            for var observation in found where !known.contains(where: { $0.field == observation.field && $0.value == observation.value }) {
                // The parsers name the active probe; here the device spoke unasked, in the capture.
                observation.probe = "\(kind.rawValue) (captured)"
                known.append(observation)
            }
            observations[source] = known
        case .malformed:
            // mDNS queries and SSDP byebyes are normal chatter, not damage; only count what claims to be a reply.
            if !(sourcePort == 5353 && bytes.count >= 3 && bytes[2] & 0x80 == 0) { unreadable += 1 }
        }
    }

    /// What a host searching for an Internet gateway records: a device that wants the router to open a port for it.
    public static let gatewaySearch = "SSDP M-SEARCH for an Internet gateway"

    /// The search an SSDP M-SEARCH records, by its ST (search target): a gateway search (InternetGatewayDevice,
    /// WANIPConnection, WANPPPConnection: what UPnP port-mapping code such as miniupnpc sends), nothing for a bare
    /// `upnp:rootdevice` (miniupnpc sends it with the gateway targets, apps send it too), else a plain device search.
    static func ssdpSearch(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes.prefix(2048), as: UTF8.self)
        var target = ""
        for line in text.split(whereSeparator: \.isNewline) where line.lowercased().hasPrefix("st:") {
            target = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
        }
        if ["InternetGatewayDevice", "WANIPConnection", "WANPPPConnection"].contains(where: { target.contains($0) }) {
            return gatewaySearch
        }
        if target == "upnp:rootdevice" { return nil }
        return "SSDP M-SEARCH"
    }

    /// Everything the capture says about one host: its own announcements, and its DHCP fields when
    /// its hardware address (from the flows, or a DHCP lease) is known.
    public func observations(of address: IPAddress, mac: MACAddress?) -> [Observation] {
        var result = observations[address] ?? []
        if let mac = mac ?? leases[address], let dhcp = dhcpByMAC[mac] { result += dhcp }
        return result
    }

    private mutating func readDHCP(_ payload: UnsafeRawBufferPointer) {
        guard let message = DHCPMessage(parsing: payload) else {
            unreadable += 1
            return
        }
        guard let mac = message.clientMAC else { return }
        if let address = message.boundAddress, leases[address] != nil || leases.count < Self.maximumHosts { leases[address] = mac }
        // Only the client's own messages speak for it; a server's reply names the server's software.
        guard !message.isReply else { return }
        var fields = dhcpByMAC[mac] ?? []
        let probe = "DHCP (captured)"
        for (field, value) in [(ObservedField.dhcpVendorClass, message.vendorClass), (.dhcpHostName, message.hostName)] {
            guard let value, !fields.contains(where: { $0.field == field && $0.value == value }), fields.count < 8 else { continue }
            fields.append(Observation(field: field, value: value, port: 67, probe: probe))
        }
        if dhcpByMAC[mac] != nil || dhcpByMAC.count < Self.maximumHosts { dhcpByMAC[mac] = fields }
    }
}
