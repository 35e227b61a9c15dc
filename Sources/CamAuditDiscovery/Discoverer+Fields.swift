import CamAuditCore

/// The observed fields UDP discovery produces; the fingerprint catalog matches them by these names.
extension ObservedField {
    public static let sadpDeviceDescription: ObservedField = "sadp.device_description"
    public static let sadpSoftwareVersion: ObservedField = "sadp.software_version"
    public static let sadpSerial: ObservedField = "sadp.serial"
    public static let sadpMAC: ObservedField = "sadp.mac"
    public static let sadpActivated: ObservedField = "sadp.activated"
    public static let dhDiscoverDeviceType: ObservedField = "dhdiscover.device_type"
    public static let dhDiscoverVendor: ObservedField = "dhdiscover.vendor"
    public static let dhDiscoverVersion: ObservedField = "dhdiscover.version"
    public static let dhDiscoverSerial: ObservedField = "dhdiscover.serial"
    public static let dhDiscoverMAC: ObservedField = "dhdiscover.mac"
    public static let wsDiscoveryXAddrs: ObservedField = "wsdiscovery.xaddrs"
    public static let ssdpServer: ObservedField = "ssdp.server"
    public static let ssdpLocation: ObservedField = "ssdp.location"
    public static let upnpManufacturer: ObservedField = "upnp.manufacturer"
    public static let upnpModelName: ObservedField = "upnp.model_name"
    public static let upnpModelNumber: ObservedField = "upnp.model_number"
    public static let upnpFriendlyName: ObservedField = "upnp.friendly_name"
    /// The first 6 hex digits of a MAC address, upper case (`5850ED`).
    public static let macOUI: ObservedField = "mac.oui"
}
