/// What a device is, as far as the evidence says.
public enum DeviceType: String, Sendable, Codable, CaseIterable, Comparable {
    case camera, nvr, dvr, encoder, other, unknown

    public static func < (lhs: DeviceType, rhs: DeviceType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Cameras and the recorders and encoders that carry their video.
    public var isVideoDevice: Bool { [.camera, .nvr, .dvr, .encoder].contains(self) }
}

/// One item of evidence: which fingerprint matched which observation, and what it claimed.
public struct Evidence: Sendable, Hashable, Codable {
    /// The fingerprint's id in the catalog, e.g. `hikvision.http.server.dnvrs-webs`.
    public var fingerprint: String
    public var field: ObservedField
    public var value: String
    public var port: UInt16?
    public var probe: String
    /// The attributes this match claimed (manufacturer, brand, model, firmware, deviceType).
    public var claims: [String: String]
    /// How much this match alone is worth, 0 to 1.
    public var weight: Double

    public init(
        fingerprint: String, field: ObservedField, value: String, port: UInt16?, probe: String, claims: [String: String], weight: Double
    ) {
        self.fingerprint = fingerprint
        self.field = field
        self.value = value
        self.port = port
        self.probe = probe
        self.claims = claims
        self.weight = weight
    }
}

/// Two or more pieces of evidence that disagree on an attribute; reported, never hidden.
public struct Conflict: Sendable, Hashable, Codable {
    public var attribute: String
    public var chosen: String
    public var rejected: [String]

    public init(attribute: String, chosen: String, rejected: [String]) {
        self.attribute = attribute
        self.chosen = chosen
        self.rejected = rejected
    }
}

/// The identity fused from all evidence about one host.
public struct Identity: Sendable, Hashable, Codable {
    /// Who made the firmware: the maker a ban or a CVE follows.
    public var manufacturer: String?
    /// The label the owner sees, when it differs from the manufacturer.
    public var brand: String?
    public var model: String?
    public var firmware: String?
    public var serial: String?
    /// The device's MAC address, `aa:bb:cc:dd:ee:ff`.
    public var mac: String?
    public var deviceType: DeviceType
    /// 0 to 1: how sure the manufacturer (or, without one, the device type) is.
    public var confidence: Double
    public var evidence: [Evidence]
    public var conflicts: [Conflict]

    public init(
        manufacturer: String? = nil, brand: String? = nil, model: String? = nil, firmware: String? = nil,
        serial: String? = nil, mac: String? = nil, deviceType: DeviceType = .unknown, confidence: Double = 0, evidence: [Evidence] = [],
        conflicts: [Conflict] = []
    ) {
        self.manufacturer = manufacturer
        self.brand = brand
        self.model = model
        self.firmware = firmware
        self.serial = serial
        self.mac = mac
        self.deviceType = deviceType
        self.confidence = confidence
        self.evidence = evidence
        self.conflicts = conflicts
    }

    public static let unknown = Identity()
}
