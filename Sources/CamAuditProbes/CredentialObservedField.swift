import CamAuditCore

extension ObservedField {
    /// The model a device reported to an authenticated read (`deviceInfo`, `magicBox`, `param.cgi`, ...).
    public static let authModel: ObservedField = "auth.model"
    /// The firmware version (with its build for Hikvision: `V5.5.800 build 210628`) from an authenticated read.
    public static let authFirmware: ObservedField = "auth.firmware"
    /// The firmware build date when the device reports it apart from the version (Dahua `build:`).
    public static let authFirmwareDate: ObservedField = "auth.firmware_date"
    public static let authSerial: ObservedField = "auth.serial"
    public static let authMAC: ObservedField = "auth.mac"
    /// The device's own type word (`IPCamera`, `IPC`, `NWC`, `Network Camera`).
    public static let authDeviceType: ObservedField = "auth.device_type"
    /// The maker named by an authenticated answer, or the vendor whose private API accepted the login.
    public static let authManufacturer: ObservedField = "auth.manufacturer"
}
