/// What feeding bytes to a decoder produced.
public enum DecodeStep<Message: Sendable>: Sendable {
    case needMoreData
    case complete(Message)
}

/// A pure, incremental message decoder in the SwiftNIO style: feed bytes as they arrive, get
/// `.needMoreData` or a complete message; no I/O, so it is tested byte by byte with real samples.
public protocol IncrementalDecoder: Sendable {
    associatedtype Message: Sendable
    /// Consumes the next bytes of the stream.
    mutating func feed(_ bytes: ArraySlice<UInt8>) throws(MessageParseError) -> DecodeStep<Message>
    /// The stream ended (connection closed or deadline): return what is usable, or throw.
    mutating func finish() throws(MessageParseError) -> Message
}
