/// What the network side hands to the async probe code, in order.
enum InboundEvent: Sendable {
    case bytes([UInt8])
    /// The peer's certificate (DER) once a TLS handshake completed.
    case certificate([UInt8])
    /// The peer closed the connection.
    case closed
    /// The channel failed (reset, TLS alert, ...).
    case failed(String)
    /// The step's deadline passed.
    case deadline
    /// More bytes arrived than this connection may buffer; it was closed.
    case overflow
}
