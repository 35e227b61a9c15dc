import CamAuditCore

/// What a local host in a capture is, and why: a video device (camera, recorder, encoder), a client
/// (the phone or PC running the vendor's app), or unknown.
public struct DeviceAttribution: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case videoDevice = "video-device", client, unknown
    }

    public var role: Role
    public var deviceType: DeviceType
    public var manufacturer: String?
    public var brand: String?
    public var model: String?
    public var firmware: String?
    /// A software family a fingerprint named (`Android`, `Windows`, `BusyBox udhcpc`).
    public var family: String?
    /// `scan <id>` when a saved scan's inventory decided, `capture` when the capture alone did.
    public var decidedBy: String
    /// Video evidence minus client evidence (the weights of `AttributionWeights`); positive leans video.
    public var score: Double
    /// One sentence per item of evidence, strongest first.
    public var evidence: [String]

    public init(
        role: Role, deviceType: DeviceType, manufacturer: String? = nil, brand: String? = nil, model: String? = nil,
        firmware: String? = nil, family: String? = nil, decidedBy: String, score: Double, evidence: [String]
    ) {
        self.role = role
        self.deviceType = deviceType
        self.manufacturer = manufacturer
        self.brand = brand
        self.model = model
        self.firmware = firmware
        self.family = family
        self.decidedBy = decidedBy
        self.score = score
        self.evidence = evidence
    }
}
