import CamAuditCore

/// One ONVIF WS-Discovery `ProbeMatch` (or unsolicited `Hello`): who the device is and where its services are.
public struct WSDiscoveryReply: Sendable, Hashable {
    /// The endpoint reference address: `urn:uuid:...` on Hikvision, a bare `uuid:...` on Dahua.
    public var endpointReference: String
    /// The advertised types, e.g. `["dn:NetworkVideoTransmitter", "tds:Device"]`.
    public var types: [String]
    /// The scope URIs in the device's order.
    public var scopes: [String]
    /// The device service addresses, e.g. `http://192.0.2.40/onvif/device_service`.
    public var xAddrs: [String]
    /// The metadata version, when the device sends a number.
    public var metadataVersion: Int?
    /// The probe's MessageID this answers (`wsa:RelatesTo`), when present.
    public var relatesTo: String?

    public init(
        endpointReference: String, types: [String], scopes: [String], xAddrs: [String],
        metadataVersion: Int?, relatesTo: String? = nil
    ) {
        self.endpointReference = endpointReference
        self.types = types
        self.scopes = scopes
        self.xAddrs = xAddrs
        self.metadataVersion = metadataVersion
        self.relatesTo = relatesTo
    }

    /// The scopes decoded into hardware, name, MAC and location.
    public var decodedScopes: ONVIFScopes { ONVIFScopes(scopes) }

    /// Reads a ProbeMatches (or Hello) envelope with any namespace prefixes.
    public static func parse(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> WSDiscoveryReply {
        try DiscoveryDatagram.checkSize(bytes.count)
        let tree = try XMLTree.parse(DiscoveryDatagram.text(bytes))
        guard let match = tree.first("ProbeMatch") ?? tree.first("Hello") else {
            throw .missingElement("ProbeMatch")
        }
        let address = match.first("EndpointReference")?.childText("Address") ?? ""
        return WSDiscoveryReply(
            endpointReference: address,
            types: match.childText("Types").map(words) ?? [],
            scopes: match.childText("Scopes").map(words) ?? [],
            xAddrs: match.childText("XAddrs").map(words) ?? [],
            metadataVersion: match.childText("MetadataVersion").flatMap { Int($0) },
            relatesTo: tree.first("RelatesTo")?.text
        )
    }

    /// What a scan records: the scopes as the catalog expects them (space-separated), the types and the XAddrs.
    public func observations(port: UInt16? = 3702, probe: String = "WS-Discovery Probe") -> [Observation] {
        var result: [Observation] = []
        if !scopes.isEmpty {
            result.append(Observation(field: .onvifScopes, value: scopes.joined(separator: " "), port: port, probe: probe))
        }
        if !types.isEmpty {
            result.append(Observation(field: .wsdiscoveryTypes, value: types.joined(separator: " "), port: port, probe: probe))
        }
        if !xAddrs.isEmpty {
            result.append(Observation(field: .wsdiscoveryXAddrs, value: xAddrs.joined(separator: " "), port: port, probe: probe))
        }
        return result
    }

    /// Splits a WS-Discovery list (any run of whitespace, including the CRLFs some devices put between scopes).
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map(String.init)
    }
}
