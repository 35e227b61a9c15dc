/// Splits a DHIP byte stream (TCP 37777/5000) into frames, in the style of a NIO `ByteToMessageDecoder`.
///
/// Feed bytes as they arrive and call `next()` until it returns nil. The buffer never grows beyond one
/// maximum frame: a header that announces more throws before the body is read.
public struct DHIPFrameDecoder: Sendable {
    private var buffer: [UInt8] = []

    public init() {}

    /// Bytes received but not yet part of a returned frame.
    public var pendingByteCount: Int { buffer.count }

    /// Appends received bytes.
    public mutating func feed(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    /// The next complete frame, or nil when more data is needed.
    public mutating func next() throws(DiscoveryReplyError) -> DHIPFrame? {
        switch try DHIPFrame.decode(buffer[...]) {
        case .frame(let frame, let consumed):
            buffer.removeFirst(consumed)
            return frame
        case .needMoreData:
            return nil
        }
    }
}
