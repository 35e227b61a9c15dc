import CamAuditCore

/// What an emulated device really is: the answer a correct audit should reach.
public struct LabExpectation: Sendable, Hashable, Codable {
    /// The maker of the firmware ("Hikvision", "Dahua", ...), nil for decoys, hostile and generic devices.
    public var manufacturer: String?
    /// The label on the box when it differs from the manufacturer ("LTS", "Amcrest", ...).
    public var brand: String?
    public var model: String?
    /// The firmware as the device itself reports it.
    public var firmware: String?
    public var deviceType: DeviceType
    /// The finding ids a correct audit reports on this device (`CVE-2017-7921`, `default-credentials`,
    /// `open-rtsp-stream`, ...); absent means none. Checks' tests and the audit benchmark score against it.
    public var findings: [String]?
    /// Finding ids that only an `--intrusive` run can establish; a default run must not report them.
    public var intrusiveFindings: [String]?

    public init(
        manufacturer: String? = nil, brand: String? = nil, model: String? = nil, firmware: String? = nil, deviceType: DeviceType,
        findings: [String]? = nil, intrusiveFindings: [String]? = nil
    ) {
        self.manufacturer = manufacturer
        self.brand = brand
        self.model = model
        self.firmware = firmware
        self.deviceType = deviceType
        self.findings = findings
        self.intrusiveFindings = intrusiveFindings
    }
}
