import CamAuditCatalog
import CamAuditCore

/// Turns a capture's flows into what each local device sends out of the network, and to whom.
///
/// A device is a local address (loopback, private, link-local, or inside `localPrefixes`) that opened
/// a flow to a non-local address. With `devices` (the scan's inventory), only those addresses are
/// reported, so a phone running the vendor app is never mistaken for the camera.
public struct TrafficAnalysis: Sendable {
    public let classifier: DestinationClassifier
    public let localPrefixes: [NetworkPrefix]

    public init(classifier: DestinationClassifier, localPrefixes: [NetworkPrefix] = []) {
        self.classifier = classifier
        self.localPrefixes = localPrefixes
    }

    /// Per-device traffic, devices in address order; `devices` limits the report to those addresses.
    public func devices(in table: FlowTable, only devices: Set<IPAddress>? = nil) -> [DeviceTraffic] {
        var byDevice: [IPAddress: (mac: String?, destinations: [IPAddress: DeviceTraffic.Destination])] = [:]
        for flow in table.flows {
            let client = flow.key.client
            guard isLocal(client), !staysInside(flow.key.server) else { continue }
            if let devices, !devices.contains(client) { continue }
            let transport: CloudEndpoint.Transport
            switch flow.key.transport {
            case .tcp: transport = .tcp
            case .udp: transport = .udp
            case .other: continue
            }
            let server = flow.key.server
            let name = flow.serverName ?? table.name(for: server)
            let service = "\(transport.rawValue)/\(flow.key.serverPort)"
            var entry = byDevice[client] ?? (mac: flow.clientMAC?.description, destinations: [:])
            if var destination = entry.destinations[server] {
                destination.bytesUp += flow.bytesUp
                destination.bytesDown += flow.bytesDown
                destination.flows += 1
                destination.firstSeen = min(destination.firstSeen, flow.firstSeen)
                destination.lastSeen = max(destination.lastSeen, flow.lastSeen)
                if !destination.services.contains(service) { destination.services.append(service) }
                if destination.name == nil { destination.name = name }
                // A later flow can carry the stronger evidence (a name, a signature): keep the best decision.
                let again = classifier.classify(address: server, hostName: name, port: flow.key.serverPort, transport: transport,
                                                payload: flow.firstClientPayload)
                if destination.classification.category == .unknown, again.category != .unknown { destination.classification = again }
                entry.destinations[server] = destination
            } else {
                let classification = classifier.classify(address: server, hostName: name, port: flow.key.serverPort, transport: transport,
                                                         payload: flow.firstClientPayload)
                entry.destinations[server] = DeviceTraffic.Destination(
                    address: server, name: name, services: [service], classification: classification, bytesUp: flow.bytesUp,
                    bytesDown: flow.bytesDown, flows: 1, firstSeen: flow.firstSeen, lastSeen: flow.lastSeen)
            }
            byDevice[client] = entry
        }
        return byDevice.keys.sorted().map { address in
            let entry = byDevice[address]!
            let destinations = entry.destinations.values.sorted { ($0.bytesUp, $1.address) > ($1.bytesUp, $0.address) }
            return DeviceTraffic(address: address, mac: entry.mac, destinations: destinations)
        }
    }

    private func isLocal(_ address: IPAddress) -> Bool {
        switch AddressScope(of: address) {
        case .loopback, .privateNetwork, .linkLocal: return true
        default: return localPrefixes.contains { $0.contains(address) }
        }
    }

    /// Local addresses, and multicast or unspecified ones (discovery chatter never leaves the link).
    private func staysInside(_ address: IPAddress) -> Bool {
        switch AddressScope(of: address) {
        case .multicast, .unspecified: return true
        default: return isLocal(address)
        }
    }
}
