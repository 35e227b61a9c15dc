import CamAuditCore

extension PortMapping {
    /// The out arguments of GetGenericPortMappingEntry (WANIPConnection:1 service template).
    public static let entryArguments = [
        "NewRemoteHost", "NewExternalPort", "NewProtocol", "NewInternalPort", "NewInternalClient",
        "NewEnabled", "NewPortMappingDescription", "NewLeaseDuration",
    ]

    /// Builds an entry from a GetGenericPortMappingEntry answer; throws `.malformedEntry` naming the first bad field.
    ///
    /// Numbers must be numbers: falling back to 0 would invent a wildcard mapping that the router never had.
    public static func fromEntry(_ values: [String: String], index: Int) throws(InternetExposureError) -> PortMapping {
        func required(_ name: String) throws(InternetExposureError) -> String {
            guard let value = values[name], !value.isEmpty else { throw .malformedEntry(index: index, "\(name) is missing") }
            return value
        }
        let externalText = try required("NewExternalPort")
        guard let externalPort = UInt16(externalText) else {
            throw .malformedEntry(index: index, "NewExternalPort '\(UPnPLocation.clipped(externalText))' is not a port")
        }
        let protocolText = try required("NewProtocol").uppercased()
        guard protocolText == "TCP" || protocolText == "UDP" else {
            throw .malformedEntry(index: index, "NewProtocol '\(UPnPLocation.clipped(protocolText))' is neither TCP nor UDP")
        }
        let internalText = try required("NewInternalPort")
        guard let internalPort = UInt16(internalText), internalPort > 0 else {
            throw .malformedEntry(index: index, "NewInternalPort '\(UPnPLocation.clipped(internalText))' is not a port")
        }
        let client = try required("NewInternalClient")
        guard client.utf8.count <= 64 else { throw .malformedEntry(index: index, "NewInternalClient is \(client.utf8.count) bytes long") }
        let enabled: Bool
        switch (values["NewEnabled"] ?? "1").lowercased() {
        case "1", "true", "yes": enabled = true
        case "0", "false", "no": enabled = false
        case let other: throw .malformedEntry(index: index, "NewEnabled '\(UPnPLocation.clipped(other))' is not a boolean")
        }
        var lease: UInt32?
        if let text = values["NewLeaseDuration"], !text.isEmpty {
            guard let parsed = UInt32(text) else {
                throw .malformedEntry(index: index, "NewLeaseDuration '\(UPnPLocation.clipped(text))' is not a number of seconds")
            }
            lease = parsed
        }
        return PortMapping(
            index: index, remoteHost: UPnPLocation.clipped(values["NewRemoteHost"] ?? ""), externalPort: externalPort,
            protocol: protocolText, internalClient: UPnPLocation.clipped(client), internalPort: internalPort, enabled: enabled,
            description: UPnPLocation.clipped(values["NewPortMappingDescription"] ?? ""), leaseDuration: lease)
    }
}
