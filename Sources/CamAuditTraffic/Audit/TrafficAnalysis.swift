import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification

/// Turns a capture's flows into what each local device sends out of the network, to whom, what the
/// device is, and the `phone-home` findings of the video devices.
///
/// A device is a local address (loopback, private, link-local, or inside `localPrefixes`). With a
/// saved scan's inventory, the scan decides what each host is and only its hosts are reported; without
/// one, `DeviceAttributor` decides from the capture, so a phone running the vendor app is reported as
/// a client, not as the camera.
public struct TrafficAnalysis: Sendable {
    public let classifier: DestinationClassifier
    public let localPrefixes: [NetworkPrefix]
    public let attributor: DeviceAttributor
    /// Names the capture in findings' `decidedBy`.
    public let captureName: String

    public init(
        classifier: DestinationClassifier, localPrefixes: [NetworkPrefix] = [], identifier: Identifier? = nil,
        captureName: String = "capture"
    ) {
        self.classifier = classifier
        self.localPrefixes = localPrefixes
        self.attributor = DeviceAttributor(identifier: identifier)
        self.captureName = captureName
    }

    /// Per-device traffic in address order. Without `inventory`: every local host that sent something
    /// out, and every host the capture shows to be a video device. With it: the inventory's hosts seen in the capture.
    public func devices(in table: FlowTable, inventory: ScanInventory? = nil) -> [DeviceTraffic] {
        var noLookup: GeoIPLookup?
        return devices(in: table, inventory: inventory, geoIP: &noLookup)
    }

    /// The same, with each destination's country and network from the user's GeoIP databases set
    /// before the findings are written, so their evidence names them. Lookup errors stay counted in `geoIP`.
    public func devices(in table: FlowTable, inventory: ScanInventory? = nil, geoIP: inout GeoIPLookup?) -> [DeviceTraffic] {
        var destinations: [IPAddress: [IPAddress: DeviceTraffic.Destination]] = [:]
        var shapes: [IPAddress: TrafficShape] = [:]
        var macs: [IPAddress: MACAddress] = [:]
        var seen: [IPAddress: (first: Double, last: Double)] = [:]
        var compromise = CompromiseDetector()
        // Local hosts each local host opened a session to (it sent or got data), whatever the port.
        var localSessions: [IPAddress: Set<IPAddress>] = [:]
        // Local hosts that answered a smart-home LAN protocol (Tuya's), even when their cloud traffic has no name.
        var smartHomeSpeakers = Set<IPAddress>()
        for flow in table.flows {
            let client = flow.key.client, server = flow.key.server
            let clientIsLocal = isLocal(client)
            if clientIsLocal {
                if macs[client] == nil, let mac = flow.clientMAC { macs[client] = mac }
                note(client, flow, in: &seen)
            }
            if isLocal(server) {
                if macs[server] == nil, let mac = flow.serverMAC { macs[server] = mac }
                note(server, flow, in: &seen)
            }
            noteP2P(flow, clientIsLocal: clientIsLocal, serverIsLocal: isLocal(server), shapes: &shapes)
            guard clientIsLocal else { continue }
            compromise.observe(flow, names: table.name(for:))
            if isLocal(server) {
                if client != server, flow.packetsDown > 0, flow.tookClientPayload || flow.tookServerPayload,
                    localSessions[client, default: []].count < TrafficShape.maximumPeers
                {
                    localSessions[client, default: []].insert(server)
                    if Self.speaksSmartHomeProtocol(flow), smartHomeSpeakers.count < 4096 { smartHomeSpeakers.insert(server) }
                }
                // Only a session: one side sent data and the server answered. A port scan's bare SYNs to 554 or
                // 8000 (or a connect scan that says nothing) serve no video.
                if client != server, flow.packetsDown > 0, flow.tookClientPayload || flow.tookServerPayload,
                    TrafficShape.videoPorts.contains(flow.key.serverPort) || Self.speaksCameraProtocol(flow)
                {
                    if shapes[server, default: TrafficShape()].servedVideoTo.count < TrafficShape.maximumPeers {
                        shapes[server, default: TrafficShape()].servedVideoTo.insert(client)
                    }
                    if shapes[client, default: TrafficShape()].pulledVideoFrom.count < TrafficShape.maximumPeers {
                        shapes[client, default: TrafficShape()].pulledVideoFrom.insert(server)
                    }
                }
                continue
            }
            guard !staysInside(server) else { continue }
            if let inventory, inventory.devices[client] == nil { continue }
            add(flow, to: &destinations[client, default: [:]], table: table)
        }

        // A local host a camera streamed to watched it: the receiving side of each media upload.
        for (sender, shape) in shapes {
            for receiver in shape.mediaUploads.keys where isLocal(receiver) && receiver != sender {
                if shapes[receiver, default: TrafficShape()].receivedMediaFrom.count < TrafficShape.maximumPeers {
                    shapes[receiver, default: TrafficShape()].receivedMediaFrom.insert(sender)
                }
            }
        }

        // A local host that opened sessions to smart-home devices (those that reach an iot-cloud) is the app
        // controlling them.
        let smartHomeDevices = Set(
            destinations.filter { $0.value.values.contains { $0.classification.category == .iotCloud } }.keys
        ).union(smartHomeSpeakers)
        for (client, servers) in localSessions {
            let controlled = servers.intersection(smartHomeDevices).subtracting([client])
            if !controlled.isEmpty { shapes[client, default: TrafficShape()].controlledSmartHomeDevices = controlled }
        }

        // Every destination is looked up once, before any finding is written.
        let places = geoIP?.records(for: destinations.values.flatMap(\.keys)) ?? [:]
        var hosts = Set(destinations.keys)
        if let inventory {
            hosts.formUnion(inventory.devices.keys.filter { seen[$0] != nil || table.announcements.observations[$0] != nil })
        } else {
            // Every local host is weighed; only talkers and video devices are listed (below).
            hosts.formUnion(seen.keys)
            hosts.formUnion(table.announcements.observations.keys.filter(isLocal))
        }
        var result: [DeviceTraffic] = []
        var identitiesByOUI: [UInt32: Identity] = [:]
        for address in hosts.sorted() {
            var finished = (destinations[address] ?? [:]).values.map { finish($0, place: places[$0.address]) }
            finished.sort { ($0.bytesUp, $1.address) > ($1.bytesUp, $0.address) }
            var shape = shapes[address] ?? TrafficShape()
            for destination in finished where ![.ntp, .dns].contains(destination.classification.category) {
                shape.outsideDestinations += 1
                if [.vendorCloud, .p2pBroker].contains(destination.classification.category) {
                    shape.relayDestinations += 1
                    shape.relayBytesUp += destination.bytesUp
                    shape.relayBytesDown += destination.bytesDown
                }
                if destination.classification.side == "app", let name = destination.name, !shape.appNamesReached.contains(name) {
                    shape.appNamesReached.append(name)
                } else if [.vendorCloud, .p2pBroker].contains(destination.classification.category),
                    [.name, .suffix].contains(destination.classification.basis), let name = destination.name,
                    !shape.cameraCloudNames.contains(name)
                {
                    shape.cameraCloudNames.append(name)
                }
                if destination.classification.category == .osService {
                    let name = destination.name ?? destination.classification.service ?? destination.address.description
                    if !shape.osServiceNames.contains(name) { shape.osServiceNames.append(name) }
                }
                if destination.classification.category == .iotCloud {
                    let name = destination.name ?? destination.classification.service ?? destination.address.description
                    if !shape.iotCloudNames.contains(name) { shape.iotCloudNames.append(name) }
                }
            }
            let mac = macs[address] ?? table.announcements.leases[address]
            let attribution: DeviceAttribution
            if let inventory, let device = inventory.devices[address] {
                if !device.deviceType.isVideoDevice, finished.isEmpty, !compromise.hosts.contains(address) { continue }
                attribution = attributor.attribute(inventory: device, scanID: inventory.scanID)
            } else {
                attribution = attributor.attribute(
                    mac: mac, observations: table.announcements.observations(of: address, mac: mac),
                    searches: table.announcements.searches[address] ?? [], shape: shape, identitiesByOUI: &identitiesByOUI)
            }
            let compromised = compromise.findings(for: address, isVideoDevice: attribution.role == .videoDevice, capture: captureName)
            // A host with nothing outside is listed only when it is a camera ("it stays local" is news about
            // cameras), a client (who watches or controls the cameras on the LAN) or when it behaves as taken
            // over (a scan of the LAN never leaves it).
            if finished.isEmpty, attribution.role == .unknown, compromised.isEmpty { continue }
            var device = DeviceTraffic(
                address: address, mac: mac?.description, attribution: attribution, destinations: finished, findings: [],
                countries: geoIP == nil ? nil : DeviceTraffic.countryTotals(finished),
                firstSeen: seen[address]?.first, lastSeen: seen[address]?.last)
            device.findings = PhoneHomeFindings.findings(for: device, capture: captureName) + compromised
            result.append(device)
        }
        return result
    }

    /// Reolink's Baichuan protocol (TCP 9000 by default, any port): every message starts with the magic
    /// 0x0abcdef0, little-endian on the wire (thirtythreeforty/neolink@9692aa82daf6 src/bc/model.rs, MAGIC_HEADER).
    static let baichuanMagic: [UInt8] = [0xF0, 0xDE, 0xBC, 0x0A]

    /// Tuya's local protocol: every message starts with the prefix 0x000055AA, or 0x00006699 in protocol 3.5
    /// (jasonacox/tinytuya@0f38679d7972 tinytuya/core/message_helper.py, parse_header); the Smart Life app on a phone
    /// sends it to a Tuya sensor on TCP 6668 in smart-home-network-security/smart-home-firewall@3b9c6cb7f01b
    /// eval/latency/tuya-motion/no-firewall/wlan2.4.pcap.
    static let tuyaPrefixes: [[UInt8]] = [[0x00, 0x00, 0x55, 0xAA], [0x00, 0x00, 0x66, 0x99]]

    static func speaksSmartHomeProtocol(_ flow: Flow) -> Bool {
        flow.key.transport == .tcp && flow.key.serverPort == 6668 && tuyaPrefixes.contains { flow.firstClientPayload.starts(with: $0) }
    }

    /// A local connection whose client opened with a camera's own control protocol (the server is the camera).
    static func speaksCameraProtocol(_ flow: Flow) -> Bool {
        flow.key.transport == .tcp && flow.firstClientPayload.starts(with: baichuanMagic)
    }

    /// What a flow says about its local ends' P2P behaviour: CS2 device logins and client requests, and
    /// media-shaped UDP streams sent (to a local viewer or one on the internet).
    private func noteP2P(_ flow: Flow, clientIsLocal: Bool, serverIsLocal: Bool, shapes: inout [IPAddress: TrafficShape]) {
        let key = flow.key
        let ports = (key.clientPort, key.serverPort)
        for (local, host, peer, sent, received, cs2) in [
            (clientIsLocal, key.client, key.server, flow.bytesUp, flow.bytesDown, flow.cs2FromClient),
            (serverIsLocal, key.server, key.client, flow.bytesDown, flow.bytesUp, flow.cs2FromServer),
        ] where local && host != peer {
            if cs2.contains(.deviceLogin), shapes[host, default: TrafficShape()].cs2DeviceLoginsTo.count < TrafficShape.maximumPeers {
                shapes[host, default: TrafficShape()].cs2DeviceLoginsTo.insert(peer)
            }
            if cs2.contains(.clientRequest) { shapes[host, default: TrafficShape()].cs2ClientRequests = true }
            if TrafficShape.isMediaUpload(sent: sent, received: received, transport: key.transport, ports: ports),
                shapes[host, default: TrafficShape()].mediaUploads.count < TrafficShape.maximumPeers
            {
                shapes[host, default: TrafficShape()].mediaUploads[peer, default: 0] += sent
            }
        }
    }

    private func note(_ address: IPAddress, _ flow: Flow, in seen: inout [IPAddress: (first: Double, last: Double)]) {
        if let known = seen[address] {
            seen[address] = (min(known.first, flow.firstSeen), max(known.last, flow.lastSeen))
        } else {
            seen[address] = (flow.firstSeen, flow.lastSeen)
        }
    }

    private func add(_ flow: Flow, to destinations: inout [IPAddress: DeviceTraffic.Destination], table: FlowTable) {
        let transport: CloudEndpoint.Transport
        switch flow.key.transport {
        case .tcp: transport = .tcp
        case .udp: transport = .udp
        case .other: return
        }
        let server = flow.key.server
        let dnsName = table.name(for: server)
        let name = flow.serverName ?? dnsName
        let nameSource = flow.serverName != nil ? flow.serverNameSource?.rawValue ?? "tls-sni" : dnsName != nil ? "dns" : nil
        let service = "\(transport.rawValue)/\(flow.key.serverPort)"
        var classification = classifier.classify(
            address: server, hostName: name, port: flow.key.serverPort, transport: transport,
            payload: flow.firstClientPayload)
        if classification.category == .unknown, flow.cs2FromClient.contains(.deviceLogin),
            let broker = classifier.cs2Broker(address: server, port: flow.key.serverPort)
        {
            classification = broker
        }
        guard var destination = destinations[server] else {
            destinations[server] = DeviceTraffic.Destination(
                address: server, name: name, nameSource: nameSource, services: [service], classification: classification,
                bytesUp: flow.bytesUp, bytesDown: flow.bytesDown, flows: 1, firstSeen: flow.firstSeen, lastSeen: flow.lastSeen)
            return
        }
        destination.bytesUp += flow.bytesUp
        destination.bytesDown += flow.bytesDown
        destination.flows += 1
        destination.firstSeen = min(destination.firstSeen, flow.firstSeen)
        destination.lastSeen = max(destination.lastSeen, flow.lastSeen)
        if !destination.services.contains(service) { destination.services.append(service) }
        if destination.name == nil, let name {
            destination.name = name
            destination.nameSource = nameSource
        }
        // A later flow can carry the stronger evidence (a name, a signature, an app-side name): keep the best decision.
        if destination.classification.category == .unknown && classification.category != .unknown
            || destination.classification.side == nil && classification.side != nil
        {
            destination.classification = classification
        }
        destinations[server] = destination
    }

    private func finish(_ destination: DeviceTraffic.Destination, place: GeoIPRecord?) -> DeviceTraffic.Destination {
        var destination = destination
        destination.geo = place
        // A long-lived session whose DNS answer fell before the capture began has no name: the network owner from
        // the user's ASN database is the remaining basis, and the evidence says so.
        if destination.classification.category == .unknown, destination.name == nil, let asn = place?.asn,
            let byOwner = classifier.classify(address: destination.address, networkOwner: asn, organization: place?.asOrganization)
        {
            destination.classification = byOwner
        }
        destination.videoUpload = VideoUpload.detect(
            bytesUp: destination.bytesUp, bytesDown: destination.bytesDown, seconds: destination.lastSeen - destination.firstSeen)
        return destination
    }

    private func isLocal(_ address: IPAddress) -> Bool {
        switch AddressScope(of: address) {
        case .loopback, .privateNetwork, .linkLocal: return true
        default: return localPrefixes.contains { $0.contains(address) }
        }
    }

    /// Local addresses, and multicast, broadcast or unspecified ones (discovery chatter never leaves the link).
    private func staysInside(_ address: IPAddress) -> Bool {
        if address == .v4(0xffff_ffff) { return true }  // limited broadcast (DHCP answers): never leaves the link
        switch AddressScope(of: address) {
        case .multicast, .unspecified: return true
        default: return isLocal(address)
        }
    }
}
