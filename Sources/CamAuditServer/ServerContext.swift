import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core storage and the address the connection came from,
/// which the login throttle counts failures by.
public struct ServerContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text (no port), or nil when the channel has none.
    var clientAddress: String? { remoteAddress?.ipAddress }
}
