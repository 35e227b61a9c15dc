/// Why a stream connection could not be opened.
enum StreamConnectionError: Error, Sendable, CustomStringConvertible {
    /// The step's deadline passed before connecting.
    case deadline
    /// The TCP connection could not be made.
    case connectFailed(String)

    var description: String {
        switch self {
        case .deadline: return "no time left before the deadline"
        case .connectFailed(let reason): return "connection failed: \(reason)"
        }
    }
}
