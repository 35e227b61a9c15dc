import CamAuditProbes

/// What a UPnP device description says about port mapping: the root device type and the WAN connection services.
///
/// Read with the tolerant element extractor: descriptions in the field mix namespaces, whitespace and
/// element order, and a truncated or hostile document must give "nothing found", never a crash.
public struct IGDDescription: Sendable, Hashable {
    /// One `<service>` of the description.
    public struct Service: Sendable, Hashable {
        public var serviceType: String
        public var controlURL: String

        public init(serviceType: String, controlURL: String) {
            self.serviceType = serviceType
            self.controlURL = controlURL
        }
    }

    /// Service types that hold the port-mapping table, preferred first.
    /// Source: UPnP Forum IGD:1 (2001) and IGD:2 (2010) device templates; WANIPConnection:1/2 and
    /// WANPPPConnection:1 service templates all define GetGenericPortMappingEntry.
    public static let connectionServiceTypes = [
        "urn:schemas-upnp-org:service:WANIPConnection:2",
        "urn:schemas-upnp-org:service:WANIPConnection:1",
        "urn:schemas-upnp-org:service:WANPPPConnection:1",
    ]

    /// Root device types of an Internet Gateway Device. Source: UPnP Forum IGD:1 and IGD:2 device templates.
    public static let gatewayDeviceTypes = [
        "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
        "urn:schemas-upnp-org:device:InternetGatewayDevice:2",
    ]

    /// The first `deviceType` in the document, which is the root device's.
    public var rootDeviceType: String?
    /// `URLBase` (UPnP 1.0 only); relative control URLs resolve against it when present.
    public var urlBase: String?
    /// Every service that names both a type and a control URL, in document order.
    public var services: [Service]

    /// True when the root device is an IGD:1 or IGD:2.
    public var isInternetGateway: Bool {
        guard let rootDeviceType else { return false }
        return Self.gatewayDeviceTypes.contains(rootDeviceType)
    }

    /// The services whose control point answers GetGenericPortMappingEntry, preferred first.
    public var connectionServices: [Service] {
        Self.connectionServiceTypes.flatMap { type in services.filter { $0.serviceType == type } }
    }

    /// Reads a description document; missing parts come back empty.
    public static func parse(_ xml: String) -> IGDDescription {
        let services = UPnPElementBlocks.blocks(named: "service", in: xml, limit: 64).compactMap { block -> Service? in
            guard let type = XMLElementTextExtractor.text(of: "serviceType", in: block), !type.isEmpty,
                let control = XMLElementTextExtractor.text(of: "controlURL", in: block), !control.isEmpty
            else { return nil }
            return Service(serviceType: type, controlURL: control)
        }
        let base = XMLElementTextExtractor.text(of: "URLBase", in: xml).flatMap { $0.isEmpty ? nil : $0 }
        return IGDDescription(
            rootDeviceType: XMLElementTextExtractor.text(of: "deviceType", in: xml), urlBase: base, services: Array(services))
    }
}
