import CamAuditCore

/// Fields UDP discovery adds beyond the protocol parsers' own (`ObservedField+Discovery.swift`).
extension ObservedField {
    public static let upnpManufacturer: ObservedField = "upnp.manufacturer"
    public static let upnpModelName: ObservedField = "upnp.model_name"
    public static let upnpModelNumber: ObservedField = "upnp.model_number"
    public static let upnpFriendlyName: ObservedField = "upnp.friendly_name"
    /// The first 6 hex digits of a MAC address, upper case (`5850ED`).
    public static let macOUI: ObservedField = "mac.oui"
}
