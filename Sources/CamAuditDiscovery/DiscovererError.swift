/// Why UDP discovery could not run.
public enum DiscovererError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The UDP socket could not be created or bound.
    case socketFailed(String)
    /// Multicast could not be set up on the chosen interface.
    case multicastUnavailable(String)
    /// The interface address is not an IPv4 address.
    case interfaceAddressNotIPv4(String)
    /// No thread could be started for the receive loop.
    case threadUnavailable

    public var description: String {
        switch self {
        case .socketFailed(let reason):
            return "Could not open a UDP socket for discovery (\(reason)); check the process may use UDP sockets."
        case .multicastUnavailable(let reason):
            return
                "Could not send multicast on that interface (\(reason)); use the IPv4 address of an interface that is up and has multicast on."
        case .interfaceAddressNotIPv4(let text):
            return "\(text) is not an IPv4 address; multicast discovery needs the IPv4 address of the interface to use."
        case .threadUnavailable:
            return "Could not start a thread for the discovery loop; free some resources and try again."
        }
    }
}
