/// Why a router URL is not used, or a UPnP exchange could not go on.
public enum InternetExposureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The URL is not plain `http://` (UPnP descriptions and control points are plain HTTP).
    case notHTTP(String)
    /// The host is a name or not an address; camaudit does not resolve names for UPnP.
    case hostNotAnAddress(String)
    /// The port is not a number between 1 and 65535.
    case badPort(String)
    /// The path is empty, too long, or holds characters that could break the request line.
    case badPath(String)
    /// The address is outside what this scan may touch (public, multicast, or not among the scan's targets).
    case outOfScope(String, reason: String)
    /// A port-mapping entry whose fields cannot be read (a missing field, a port that is not a number).
    case malformedEntry(index: Int, String)

    public var description: String {
        switch self {
        case .notHTTP(let text):
            "'\(text)' is not an http:// URL; give the router's UPnP description URL, e.g. http://192.168.1.1:5000/rootDesc.xml"  // data: an example
        case .hostNotAnAddress(let text):
            "'\(text)' is not an IP address; give the router by address (camaudit does not resolve names for UPnP)"
        case .badPort(let text): "'\(text)' is not a port number between 1 and 65535"
        case .badPath(let text): "the path '\(text)' cannot be sent in a request (spaces, control characters or too long)"
        case .outOfScope(let address, let reason): "the router \(address) is out of scope: \(reason)"
        case .malformedEntry(let index, let problem): "port-mapping entry \(index) is malformed: \(problem)"
        }
    }
}
