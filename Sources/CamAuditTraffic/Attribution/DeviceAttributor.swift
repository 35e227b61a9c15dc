import CamAuditCatalog
import CamAuditCore
import CamAuditDiscoveryProtocols
import CamAuditIdentification

/// Decides whether a local host in a capture is a video device, a client running the vendor's app,
/// or unknown: from a saved scan when there is one, else from what the capture shows (announcements,
/// DHCP, the MAC and the traffic's shape), each item weighed by `AttributionWeights`.
public struct DeviceAttributor: Sendable {
    public let identifier: Identifier?

    public init(identifier: Identifier?) {
        self.identifier = identifier
    }

    /// The scan's verdict on a host it identified.
    public func attribute(inventory device: DeviceReport, scanID: String) -> DeviceAttribution {
        let role: DeviceAttribution.Role = device.deviceType.isVideoDevice ? .videoDevice : device.deviceType == .other ? .client : .unknown
        let maker = device.manufacturer.map { "\($0) " } ?? ""
        let sentence =
            "The saved scan \(scanID) identified \(device.address) as a \(maker)\(device.deviceType.rawValue)"
            + (device.model.map { " (\($0))" } ?? "") + " with confidence \(Self.text(device.confidence))."
        return DeviceAttribution(
            role: role, deviceType: device.deviceType, manufacturer: device.manufacturer, brand: device.brand, model: device.model,
            firmware: device.firmware, decidedBy: "scan \(scanID)", score: role == .videoDevice ? 1 : role == .client ? -1 : 0,
            evidence: [sentence])
    }

    /// The capture's verdict on a host, from its announcements, its MAC, the searches it sent and its traffic's shape.
    public func attribute(mac: MACAddress?, observations: [Observation], searches: Set<String>, shape: TrafficShape) -> DeviceAttribution {
        var cache: [UInt32: Identity] = [:]
        return attribute(mac: mac, observations: observations, searches: searches, shape: shape, identitiesByOUI: &cache)
    }

    /// The same; `identitiesByOUI` remembers what a MAC block alone identifies, so a capture with thousands
    /// of hosts runs the fingerprints once per block instead of once per host.
    public func attribute(
        mac: MACAddress?, observations: [Observation], searches: Set<String>, shape: TrafficShape,
        identitiesByOUI: inout [UInt32: Identity]
    ) -> DeviceAttribution {
        var votes: [(weight: Double, sentence: String)] = []
        let usableMAC = mac.flatMap { $0.value == 0 || $0.isGroup ? nil : $0 }
        var all = observations
        if let usableMAC, !usableMAC.isLocallyAdministered {
            all.append(Observation(field: .macOUI, value: usableMAC.ouiText, probe: "capture (link layer)"))
        }
        var identity: Identity?
        if let identifier, !all.isEmpty {
            if observations.isEmpty, let oui = usableMAC?.oui {
                // Only the MAC block speaks: the answer is the same for every host in it.
                let known = identitiesByOUI[oui] ?? identifier.identify(all)
                identitiesByOUI[oui] = known
                identity = known
            } else {
                identity = identifier.identify(all)
            }
        }
        var family: String?
        var announcedVideo = false
        if let identity {
            family = identity.evidence.compactMap { $0.claims[FingerprintAttribute.family.rawValue] }.first
            // Each side's strongest witness votes: a camera's discovery announcement is not silenced by a
            // generic DHCP vendor class that the fused identity happened to prefer.
            let typeKey = FingerprintAttribute.deviceType.rawValue
            let videoWitness = identity.evidence
                .filter { $0.claims[typeKey].flatMap(DeviceType.init(rawValue:))?.isVideoDevice == true }
                .max { $0.weight < $1.weight }
            let clientWitness = identity.evidence.filter { $0.claims[typeKey] == DeviceType.other.rawValue }.max { $0.weight < $1.weight }
            let maker = identity.manufacturer ?? identity.brand
            if let witness = videoWitness {
                announcedVideo = true
                let type = witness.claims[typeKey] ?? DeviceType.camera.rawValue
                votes.append(
                    (
                        min(AttributionWeights.announcedTypeCap, witness.weight),
                        "It announced itself as a \(maker.map { "\($0) " } ?? "")\(type): \(witness.field) \"\(Self.short(witness.value))\" (\(witness.probe))."
                    ))
            }
            if let witness = clientWitness {
                // A DHCP vendor class is shared by many kinds of device (a camera may send MSFT 5.0): weak evidence.
                let cap = witness.field == .dhcpVendorClass ? AttributionWeights.generalPurposeDHCPCap : AttributionWeights.announcedTypeCap
                votes.append(
                    (
                        -min(cap, witness.weight),
                        "Its \(witness.field) \"\(Self.short(witness.value))\" is \(family ?? "a general-purpose system")'s: a phone or computer, not a camera."
                    ))
            }
            if videoWitness == nil, clientWitness == nil, let maker, identity.evidence.contains(where: { $0.field == .macOUI }),
                let usableMAC
            {
                votes.append(
                    (
                        AttributionWeights.cameraMakerMAC,
                        "Its MAC \(usableMAC) is in an IEEE block registered to \(maker), a maker of cameras and recorders, not phones."
                    ))
            }
        }
        if !announcedVideo, let types = observations.first(where: { $0.field == .wsdiscoveryTypes && Self.namesVideoTransmitter($0.value) })
        {
            announcedVideo = true
            votes.append(
                (
                    AttributionWeights.announcedTypeCap,
                    "It announced itself by WS-Discovery as an ONVIF NetworkVideoTransmitter: Types \"\(Self.short(types.value))\" (\(types.probe))."
                ))
        }
        if !shape.cs2DeviceLoginsTo.isEmpty {
            votes.append(
                (
                    AttributionWeights.cs2DeviceLogin,
                    "It logged in to \(shape.cs2DeviceLoginsTo.count) CS2/PPPP P2P server(s) as a device (MSG_DEV_LGN): \(Self.list(shape.cs2DeviceLoginsTo)); only cameras register their ID."
                ))
        }
        if !shape.mediaUploads.isEmpty {
            let total = shape.mediaUploads.values.reduce(0, +)
            votes.append(
                (
                    AttributionWeights.mediaUpload,
                    "It streamed \(total / 1000) kB one way over UDP to \(Self.list(Set(shape.mediaUploads.keys))), with little back: a camera's P2P video."
                ))
        }
        if !shape.cameraCloudNames.isEmpty {
            votes.append(
                (
                    AttributionWeights.cameraCloudName,
                    "It reached camera clouds by name: \(shape.cameraCloudNames.prefix(3).joined(separator: ", "))."
                ))
        }
        if let hostName = observations.first(where: { $0.field == .dhcpHostName && Self.namesCamera($0.value) }) {
            votes.append(
                (
                    AttributionWeights.cameraHostName,
                    "Its DHCP host name \"\(Self.short(hostName.value))\" names a camera or doorbell."
                ))
        }
        if !shape.iotCloudNames.isEmpty {
            votes.append(
                (
                    -AttributionWeights.iotCloud,
                    "It reached smart-home clouds of plugs, bulbs or hubs: \(shape.iotCloudNames.prefix(3).joined(separator: ", ")); such devices are rarely cameras."
                ))
        }
        if shape.cs2ClientRequests {
            votes.append(
                (
                    -AttributionWeights.cs2ClientRequest,
                    "It sent CS2/PPPP client requests (MSG_P2P_REQ or MSG_LAN_SEARCH): the app looking for a camera, not a camera."
                ))
        }
        if searches.contains(CaptureAnnouncements.gatewaySearch) {
            votes.append(
                (
                    AttributionWeights.gatewaySearch,
                    "It searched for the Internet gateway (SSDP M-SEARCH for InternetGatewayDevice/WANIPConnection), as cameras do to open a port for remote viewing."
                ))
        }
        if let usableMAC, usableMAC.isLocallyAdministered {
            votes.append(
                (
                    -AttributionWeights.randomMAC,
                    "Its MAC \(usableMAC) is locally administered (randomised), as phones and PCs make them; camera firmware keeps the burned-in one."
                ))
        }
        if !shape.appNamesReached.isEmpty {
            votes.append(
                (
                    -AttributionWeights.appHostName,
                    "It reached \(shape.appNamesReached.prefix(3).joined(separator: ", ")), which only the vendor's app or portal uses."
                ))
        }
        if !shape.servedVideoTo.isEmpty {
            votes.append(
                (
                    AttributionWeights.servesVideo,
                    "It served video (RTSP or a vendor SDK port) to \(shape.servedVideoTo.count) local host(s): \(Self.list(shape.servedVideoTo))."
                ))
        }
        if !shape.receivedMediaFrom.isEmpty {
            votes.append(
                (
                    -AttributionWeights.pullsVideo,
                    "It received a one-way video stream from \(shape.receivedMediaFrom.count) local host(s): \(Self.list(shape.receivedMediaFrom)), as a viewer does."
                ))
        }
        if !shape.controlledSmartHomeDevices.isEmpty {
            votes.append(
                (
                    -AttributionWeights.controlsSmartHome,
                    "It opened sessions to \(shape.controlledSmartHomeDevices.count) local smart-home device(s) that talk to smart-home clouds: \(Self.list(shape.controlledSmartHomeDevices)); the app controlling them."
                ))
        }
        if !shape.osServiceNames.isEmpty {
            votes.append(
                (
                    -AttributionWeights.osService,
                    "It reached services of a phone's or computer's operating system: \(shape.osServiceNames.prefix(3).joined(separator: ", ")); cameras do not run app stores or mobile push."
                ))
        }
        if !shape.pulledVideoFrom.isEmpty {
            votes.append(
                (
                    -AttributionWeights.pullsVideo,
                    "It pulled video from \(shape.pulledVideoFrom.count) local video device(s): \(Self.list(shape.pulledVideoFrom)), as a viewer does."
                ))
        }
        let deviceSearches = searches.subtracting([CaptureAnnouncements.gatewaySearch])
        if !deviceSearches.isEmpty {
            votes.append(
                (
                    -AttributionWeights.searchesForCameras,
                    "It searched the network for devices (\(deviceSearches.sorted().joined(separator: ", "))): apps and recorders search, cameras answer."
                ))
        }
        if shape.outsideDestinations >= AttributionWeights.manyDestinationsFrom {
            votes.append(
                (
                    -AttributionWeights.manyDestinations,
                    "It reached \(shape.outsideDestinations) distinct internet hosts; a camera talks to a handful."
                ))
        } else if shape.relayDestinations > 0, shape.relayDestinations == shape.outsideDestinations,
            shape.outsideDestinations <= AttributionWeights.onlyRelaysAtMost, shape.appNamesReached.isEmpty, !shape.cs2ClientRequests
        {
            votes.append(
                (
                    AttributionWeights.onlyRelays,
                    "All \(shape.outsideDestinations) of its internet destinations are camera clouds or P2P brokers."
                ))
        }
        let ratio = AttributionWeights.relayDirectionRatio, floor = AttributionWeights.relayDirectionMinimumBytes
        if shape.relayBytesUp >= floor, shape.relayBytesUp >= ratio * shape.relayBytesDown {
            votes.append(
                (
                    AttributionWeights.relayDirection,
                    "It sent \(shape.relayBytesUp / 1000) kB to camera relays and got \(shape.relayBytesDown / 1000) kB back: it pushes video, as a camera does."
                ))
        } else if shape.relayBytesDown >= floor, shape.relayBytesDown >= ratio * shape.relayBytesUp {
            votes.append(
                (
                    -AttributionWeights.relayDirection,
                    "It got \(shape.relayBytesDown / 1000) kB from camera relays and sent \(shape.relayBytesUp / 1000) kB: it pulls video, as the app does."
                ))
        }
        let score = votes.reduce(0) { $0 + $1.weight }
        let role: DeviceAttribution.Role =
            score >= AttributionWeights.decisionThreshold
            ? .videoDevice
            : score <= -AttributionWeights.decisionThreshold ? .client : .unknown
        var deviceType = identity?.deviceType ?? .unknown
        if role == .videoDevice, !deviceType.isVideoDevice { deviceType = .camera }
        if role == .client, deviceType.isVideoDevice || deviceType == .unknown { deviceType = .other }
        let evidence = votes.sorted { abs($0.weight) > abs($1.weight) }.map {
            "\($0.weight > 0 ? "+" : "")\(Self.text($0.weight)) \($0.sentence)"
        }
        return DeviceAttribution(
            role: role, deviceType: deviceType, manufacturer: identity?.manufacturer, brand: identity?.brand, model: identity?.model,
            firmware: identity?.firmware, family: family, decidedBy: "capture", score: (score * 100).rounded() / 100,
            evidence: evidence.isEmpty ? ["Nothing in the capture says what it is."] : evidence)
    }

    /// True when WS-Discovery Types name an ONVIF NetworkVideoTransmitter (any namespace prefix).
    static func namesVideoTransmitter(_ types: String) -> Bool {
        types.split(separator: " ").contains { $0.split(separator: ":").last == "NetworkVideoTransmitter" }
    }

    /// True when a host name contains one of `AttributionWeights.cameraHostNameWords`.
    static func namesCamera(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return AttributionWeights.cameraHostNameWords.contains { lowered.contains($0) }
    }

    static func text(_ value: Double) -> String {
        let hundredths = Int((abs(value) * 100).rounded())
        return "\(value < 0 ? "-" : "")\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    static func list(_ addresses: Set<IPAddress>) -> String {
        let sorted = addresses.sorted()
        return sorted.prefix(4).map(\.description).joined(separator: ", ") + (sorted.count > 4 ? " and \(sorted.count - 4) more" : "")
    }

    static func short(_ text: String) -> String {
        DestinationClassifier.printable(text.count > 80 ? String(text.prefix(80)) + "..." : text)
    }
}
