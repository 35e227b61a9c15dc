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

    public init(manufacturer: String? = nil, brand: String? = nil, model: String? = nil, firmware: String? = nil, deviceType: DeviceType) {
        self.manufacturer = manufacturer
        self.brand = brand
        self.model = model
        self.firmware = firmware
        self.deviceType = deviceType
    }
}
