import CamAuditCatalog

/// What a destination is, which entry of the cloud endpoint data says so, and the evidence as a sentence.
public struct DestinationClassification: Sendable, Hashable, Codable {
    /// The kind of destination; the cloud kinds mirror `CloudEndpoint.Kind`.
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        case local, vendorCloud = "vendor-cloud", p2pBroker = "p2p-broker", ntp, dns, update, iotCloud = "iot-cloud",
            osService = "os-service", unknown

        init(_ kind: CloudEndpoint.Kind) {
            switch kind {
            case .vendorCloud: self = .vendorCloud
            case .p2pBroker: self = .p2pBroker
            case .ntp: self = .ntp
            case .dns: self = .dns
            case .update: self = .update
            case .iotCloud: self = .iotCloud
            case .osService: self = .osService
            }
        }
    }

    /// What the decision rests on, strongest first.
    public enum Basis: String, Sendable, Hashable, Codable {
        case addressScope = "address-scope", localPrefix = "local-prefix", name, suffix, address
        case payloadSignature = "payload-signature", port
        /// The destination had no name; the user's ASN database put it in an autonomous system the data lists as the operator's own.
        case networkOwner = "network-owner"
        case none
    }

    public var category: Category
    public var basis: Basis
    /// The `id` of the matching entry in cloud-endpoints.json.
    public var endpointID: String?
    /// Canonical vendor (vocabulary.json) when the operator is a known maker.
    public var vendor: String?
    public var operatorName: String?
    public var service: String?
    public var confidence: CloudEndpoint.Confidence?
    /// `app` when the host name is one only the vendor's app or portal reaches (the data's `appNames`):
    /// the local host that reached it is a phone or PC running the app, not the camera.
    public var side: String?
    public var evidence: String

    public init(
        category: Category, basis: Basis, endpointID: String? = nil, vendor: String? = nil, operatorName: String? = nil,
        service: String? = nil, confidence: CloudEndpoint.Confidence? = nil, side: String? = nil, evidence: String
    ) {
        self.side = side
        self.category = category
        self.basis = basis
        self.endpointID = endpointID
        self.vendor = vendor
        self.operatorName = operatorName
        self.service = service
        self.confidence = confidence
        self.evidence = evidence
    }
}
