import CamAuditCore

/// One entry of a UPnP IGD router's port-mapping table, as `GetGenericPortMappingEntry` returned it.
///
/// Field meanings follow the UPnP Forum WANIPConnection:1 service template (state variables
/// PortMappingEnabled, RemoteHost, ExternalPort, InternalPort, PortMappingProtocol, InternalClient,
/// PortMappingDescription, PortMappingLeaseDuration).
public struct PortMapping: Sendable, Hashable, Codable {
    /// The `NewPortMappingIndex` that returned this entry.
    public var index: Int
    /// `NewRemoteHost`: empty means any internet host may connect.
    public var remoteHost: String
    /// `NewExternalPort` on the router's WAN side; 0 is the wildcard on gateways that support it.
    public var externalPort: UInt16
    /// `TCP` or `UDP`.
    public var `protocol`: String
    /// `NewInternalClient` as sent (normally a LAN IP address).
    public var internalClient: String
    public var internalPort: UInt16
    public var enabled: Bool
    public var description: String
    /// Seconds left on the lease; 0 means permanent; nil when the router left it out.
    public var leaseDuration: UInt32?

    public init(
        index: Int, remoteHost: String = "", externalPort: UInt16, protocol: String, internalClient: String, internalPort: UInt16,
        enabled: Bool, description: String = "", leaseDuration: UInt32? = nil
    ) {
        self.index = index
        self.remoteHost = remoteHost
        self.externalPort = externalPort
        self.protocol = `protocol`
        self.internalClient = internalClient
        self.internalPort = internalPort
        self.enabled = enabled
        self.description = description
        self.leaseDuration = leaseDuration
    }

    /// The LAN address the mapping forwards to, when `internalClient` is an IP address.
    public var internalAddress: IPAddress? { IPAddress(internalClient) }

    /// `WAN:8554/TCP -> 192.0.2.10:554 'label'`, for notes and the router summary. // data: an example
    public var summary: String {
        var text = "WAN:\(externalPort)/\(`protocol`) -> \(internalClient):\(internalPort)"
        if !description.isEmpty { text += " '\(description)'" }
        if !remoteHost.isEmpty { text += " (only from \(remoteHost))" }
        if !enabled { text += " (disabled)" }
        return text
    }
}
