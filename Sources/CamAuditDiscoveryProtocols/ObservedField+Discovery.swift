import CamAuditCore

// Fields read from the devices' own discovery protocols. Each needs a fingerprint data file of the
// same name before the catalog can match it; until then they are recorded as evidence only.
extension ObservedField {
    public static let sadpDeviceDescription: ObservedField = "sadp.device_description"
    public static let sadpDeviceType: ObservedField = "sadp.device_type"
    public static let sadpSoftwareVersion: ObservedField = "sadp.software_version"
    public static let sadpSerial: ObservedField = "sadp.serial"
    public static let sadpMAC: ObservedField = "sadp.mac"
    public static let sadpActivated: ObservedField = "sadp.activated"
    /// The web port the device reports for itself (`HttpPort`), so a scan can read a web UI it did not sweep.
    public static let sadpHTTPPort: ObservedField = "sadp.http_port"
    /// The SDK port the device reports (`CommandPort`, 8000 by default).
    public static let sadpCommandPort: ObservedField = "sadp.command_port"
    public static let dhdiscoverDeviceType: ObservedField = "dhdiscover.device_type"
    public static let dhdiscoverVendor: ObservedField = "dhdiscover.vendor"
    public static let dhdiscoverVersion: ObservedField = "dhdiscover.version"
    public static let dhdiscoverSerial: ObservedField = "dhdiscover.serial"
    public static let dhdiscoverMAC: ObservedField = "dhdiscover.mac"
    public static let dhdiscoverDeviceClass: ObservedField = "dhdiscover.device_class"
    /// The web port the device reports (`HttpPort`).
    public static let dhdiscoverHTTPPort: ObservedField = "dhdiscover.http_port"
    /// The DVRIP/DHIP port the device reports (`Port`, 37777 by default).
    public static let dhdiscoverServicePort: ObservedField = "dhdiscover.port"
    public static let wsdiscoveryTypes: ObservedField = "wsdiscovery.types"
    public static let wsdiscoveryXAddrs: ObservedField = "wsdiscovery.xaddrs"
    public static let ssdpServer: ObservedField = "ssdp.server"
    public static let ssdpLocation: ObservedField = "ssdp.location"
    public static let ssdpST: ObservedField = "ssdp.st"
    public static let ssdpUSN: ObservedField = "ssdp.usn"
}

// mDNS / DNS-SD (RFC 6762, RFC 6763; Axis service types as listed in julienblitte/UniversalScanner@fb7ae672dad9 doc/protocols.html).
extension ObservedField {
    /// A DNS-SD service type the device answered for, e.g. `_axis-video._tcp.local`.
    public static let mdnsService: ObservedField = "mdns.service"
    /// A DNS-SD instance name, e.g. `AXIS M5014 - ACCC8E3C0419`.
    public static let mdnsInstance: ObservedField = "mdns.instance"
    /// One TXT record's strings joined by `;`, e.g. `macaddress=ACCC8E3C0419`.
    public static let mdnsTXT: ObservedField = "mdns.txt"
    /// An SRV record's service type and port, e.g. `_axis-video._tcp.local 80`.
    public static let mdnsServicePort: ObservedField = "mdns.service_port"
}

// Fields of UPnP device descriptions (UPnP Device Architecture 1.0 §2.1) and of MAC addresses.
extension ObservedField {
    public static let upnpManufacturer: ObservedField = "upnp.manufacturer"
    public static let upnpModelName: ObservedField = "upnp.model_name"
    public static let upnpModelNumber: ObservedField = "upnp.model_number"
    public static let upnpFriendlyName: ObservedField = "upnp.friendly_name"
    /// The first 6 hex digits of a MAC address, upper case (`5850ED`).
    public static let macOUI: ObservedField = "mac.oui"
}
