/// Why a sweep or a name lookup could not run.
public enum SweepError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration names no port.
    case noPorts
    /// The in-flight limit or timeout is not positive.
    case invalidConfiguration(String)
    /// The kernel refused to create the event loop (epoll or eventfd); the value is the errno text.
    case eventLoopUnavailable(String)
    /// The sweep thread could not be started.
    case threadUnavailable
    /// Sockets could not be created for a long time (file or port limits); the value is the errno text.
    case resourcesExhausted(String)
    /// The machine cannot open sockets of this address family (IPv6 disabled, usually).
    case addressFamilyUnsupported(String)
    /// A host name did not resolve; the second value is the resolver's reason.
    case unresolved(String, String)
    /// A host name lookup took longer than its timeout.
    case resolutionTimedOut(String)

    public var description: String {
        switch self {
        case .noPorts:
            return "No port to sweep: the port list is empty."
        case .invalidConfiguration(let why):
            return "The sweep settings are invalid: \(why)."
        case .eventLoopUnavailable(let why):
            return "The sweep could not create its event loop (\(why)); check the process's file limit (ulimit -n)."
        case .threadUnavailable:
            return "The sweep could not start its I/O thread; the machine may be out of threads or memory."
        case .resourcesExhausted(let why):
            return "Sockets could not be created for several seconds (\(why)); raise ulimit -n or allow fewer connections in flight."
        case .addressFamilyUnsupported(let address):
            return "This machine cannot open sockets to \(address) (is IPv6 disabled?); remove those targets."
        case .unresolved(let name, let why):
            return "'\(name)' did not resolve (\(why)); check the name or give an address."
        case .resolutionTimedOut(let name):
            return "Looking up '\(name)' took too long; check the DNS settings or give an address."
        }
    }
}
