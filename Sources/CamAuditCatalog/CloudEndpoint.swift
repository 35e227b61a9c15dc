import CamAuditCore
import Foundation

/// One destination devices phone home to (a vendor cloud, P2P broker, NTP or DNS service), from `data/cloud-endpoints.json`.
public struct CloudEndpoint: Sendable, Hashable {
    /// What talking to the destination means for the device's owner. `iot-cloud` is the cloud of a
    /// smart-home ecosystem that sells no cameras (or mostly other things): plugs, bulbs, hubs, vacuums.
    /// A local host reaching one is more likely such a device than a camera.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case vendorCloud = "vendor-cloud", p2pBroker = "p2p-broker", ntp, dns, update
        case iotCloud = "iot-cloud"
        /// Services of a phone's or computer's operating system (app stores, push, captive-portal checks):
        /// reaching one leans towards a client, never a camera.
        case osService = "os-service"

        /// A camera ecosystem's own cloud or P2P broker: reaching one by name leans towards a camera.
        public var isCameraEcosystem: Bool { self == .vendorCloud || self == .p2pBroker }
    }

    /// The transport a signature or port applies to.
    public enum Transport: String, Sendable, Hashable, Codable, CaseIterable {
        case tcp, udp
    }

    /// How the reference rates the evidence for this entry.
    public enum Confidence: String, Sendable, Hashable, Codable, CaseIterable {
        case high, medium, low

        /// One step weaker (low stays low): for a decision that rests on less than the entry's own evidence.
        public var lowered: Confidence {
            switch self {
            case .high: return .medium
            case .medium, .low: return .low
            }
        }
    }

    /// Recognises the service from a packet: transport, destination port and the first payload bytes.
    public struct Signature: Sendable, Hashable {
        public var transport: Transport
        public var ports: [UInt16]
        /// Any one of these must start the payload; empty means the port alone decides (weaker evidence).
        public var payloadPrefixes: [[UInt8]]
        /// Shorter payloads never match (0: any, including none).
        public var minimumLength: Int
        /// A port-only signature that applies only when the capture gives the destination no name: a port
        /// shared with other services (MQTT's 8883) says nothing once the name says who it is.
        public var unnamedOnly: Bool
        public var description: String

        public init(
            transport: Transport, ports: [UInt16], payloadPrefixes: [[UInt8]], minimumLength: Int, unnamedOnly: Bool = false,
            description: String
        ) {
            self.transport = transport
            self.ports = ports
            self.payloadPrefixes = payloadPrefixes
            self.minimumLength = minimumLength
            self.unnamedOnly = unnamedOnly
            self.description = description
        }

        /// True when a packet to `port` over `transport` starting with `payload` fits this signature.
        public func matches(transport: Transport, port: UInt16, payload: some Collection<UInt8>) -> Bool {
            guard transport == self.transport, ports.contains(port), payload.count >= minimumLength else { return false }
            if payloadPrefixes.isEmpty { return true }
            return payloadPrefixes.contains { prefix in payload.count >= prefix.count && zip(payload, prefix).allSatisfy { $0 == $1 } }
        }

        /// True when the payload itself was checked, not only the port.
        public var checksPayload: Bool { !payloadPrefixes.isEmpty }
    }

    /// A port the reference names for this service (informational; classification uses signatures).
    public struct ServicePort: Sendable, Hashable {
        public var port: UInt16
        public var transport: Transport
        public var note: String

        public init(port: UInt16, transport: Transport, note: String) {
            self.port = port
            self.transport = transport
            self.note = note
        }
    }

    public var id: String
    /// Canonical manufacturer or brand from vocabulary.json, when the operator is one.
    public var vendor: String?
    /// Who runs the service (free text, e.g. "CS2 Network / Shenzhen Yunni (iLnkP2P)").
    public var operatorName: String
    public var service: String
    public var kind: Kind
    /// Host names matched exactly (lowercase, no trailing dot).
    public var names: [String]
    /// Domains matched as whole-label suffixes: `hik-connect.com` matches `a.hik-connect.com`, not `evilhik-connect.com`.
    public var suffixes: [String]
    /// Host names the reference lists on the app side (the owner's phone or PC reaches them, the device does
    /// not): a local host reaching one is running the app, which is how a phone is told from the camera.
    public var appNames: [String]
    public var addresses: [IPAddress]
    /// Autonomous system numbers the operator announces its own service from (not shared hosting): with an
    /// ASN database, a destination the capture gives no name can be put down to the operator by its network owner.
    public var asns: [Int]
    public var signatures: [Signature]
    public var ports: [ServicePort]
    public var region: String?
    public var confidence: Confidence
    public var source: String

    public init(
        id: String, vendor: String?, operatorName: String, service: String, kind: Kind, names: [String], suffixes: [String],
        appNames: [String] = [], addresses: [IPAddress], asns: [Int] = [], signatures: [Signature], ports: [ServicePort], region: String?,
        confidence: Confidence, source: String
    ) {
        self.id = id
        self.vendor = vendor
        self.operatorName = operatorName
        self.service = service
        self.kind = kind
        self.names = names
        self.suffixes = suffixes
        self.appNames = appNames
        self.addresses = addresses
        self.asns = asns
        self.signatures = signatures
        self.ports = ports
        self.region = region
        self.confidence = confidence
        self.source = source
    }

    /// A host name as compared with the data: trimmed, lowercased, one trailing dot removed; nil when it cannot be a DNS name.
    public static func normalizedHostName(_ text: some StringProtocol) -> String? {
        var name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        guard !name.isEmpty, name.utf8.count <= 253 else { return nil }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                label.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d || $0 == 0x5f })
            else { return nil }
        }
        return name
    }
}
