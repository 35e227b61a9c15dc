/// The attributes a fingerprint may claim about a device.
public enum FingerprintAttribute: String, Sendable, CaseIterable {
    /// Who made the firmware.
    case manufacturer
    /// The label on the box, when it differs from the manufacturer.
    case brand
    case model
    case firmware
    /// One of `DeviceType`'s raw values.
    case deviceType
    case serial
    /// A hardware address, written as six colon-separated lower-case hex pairs once fused.
    case mac
    /// A product family or software name, e.g. `NETSurveillance` or `nginx`.
    case family

    /// Attribute names as they appear in `params` and `expect`.
    public static let names: Set<String> = Set(allCases.map(\.rawValue))
}
