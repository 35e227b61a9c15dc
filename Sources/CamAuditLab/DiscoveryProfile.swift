/// How a lab device answers UDP discovery probes; the `discovery` object of a profile.
///
/// Strings may hold `{placeholders}`: every `identity` key plus `{address}`, `{httpPort}`,
/// `{macDashed}` (lower-case, `-` separated), `{macUpper}` / `{macLower}` (12 hex digits) and `{uuid}`.
struct DiscoveryProfile: Sendable, Codable {
    /// Where the discovery behaviour comes from (public sources, `Real`) and what is a lab assumption (`Assumed`).
    var source: String
    /// Hikvision SADP (UDP 37020) `<ProbeMatch>` values.
    var sadp: SADP?
    /// Dahua DHDiscover (UDP 37810) `client.notifyDevInfo` values.
    var dhDiscover: DHDiscover?
    /// WS-Discovery (UDP 3702) ProbeMatch values; ONVIF profiles without it answer with generic scopes.
    var wsDiscovery: WSDiscovery?
    /// SSDP (UDP 1900) answer and the UPnP device description served on the HTTP port.
    var ssdp: SSDP?
    /// mDNS / DNS-SD (UDP 5353) PTR, SRV, TXT and A answers to unicast queries.
    var mdns: MDNS?
    /// When true, every discovery probe gets a malformed datagram (truncated XML, wrong DHIP magic, huge lengths).
    var malformed: Bool?
    /// When true, WS-Discovery, SSDP and SADP probes get hostile XML: an entity-expansion DOCTYPE, thousands of
    /// nested elements, bytes that are not UTF-8 (see `MalformedXML`); SSDP points at the device's own description.
    var malformedXML: Bool?

    struct SADP: Sendable, Codable {
        /// The numeric `DeviceType` code.
        var deviceType: String
        /// `SoftwareVersion` exactly as sent, e.g. `V5.5.800build 210628` (no space before "build").
        var softwareVersion: String
        var dspVersion: String
        var activated: Bool
        var analogChannels: Int?
        var digitalChannels: Int?
    }

    struct DHDiscover: Sendable, Codable {
        /// `DeviceClass`, e.g. `IPC` or `NVR`.
        var deviceClass: String
        /// `Vendor` as the firmware reports it (`Dahua`, or an OEM's label string).
        var vendor: String
        var version: String
        var manufacturer: String?
    }

    struct WSDiscovery: Sendable, Codable {
        /// Scope URIs in wire order.
        var scopes: [String]
        /// `Types`, default `dn:NetworkVideoTransmitter tds:Device`.
        var types: String?
        /// The endpoint reference address, default `urn:uuid:{uuid}`.
        var endpoint: String?
        var metadataVersion: Int?
    }

    struct SSDP: Sendable, Codable {
        /// The `SERVER` header.
        var server: String
        /// Path of the device description XML on the device's first HTTP port.
        var descriptionPath: String
        var deviceType: String
        var friendlyName: String
        var manufacturer: String
        var manufacturerURL: String?
        var modelName: String
        var modelNumber: String
        var modelDescription: String?
        var serialNumber: String?
        /// XML placed inside the root `<device>` after the generated elements (an IGD's `serviceList` and `deviceList`).
        var embeddedXML: String?
    }

    struct MDNS: Sendable, Codable {
        /// Service types answered, e.g. `_axis-video._tcp.local`; PTR questions for others get no answer.
        var services: [String]
        /// The instance label (first label of the PTR target), e.g. `AXIS {model} - {macUpper}`.
        var instance: String
        /// TXT strings of the instance, e.g. `macaddress={macUpper}`.
        var txt: [String]
        /// The host name the SRV record targets and the A record names, e.g. `axis-{macLower}.local`.
        var hostname: String
    }
}
