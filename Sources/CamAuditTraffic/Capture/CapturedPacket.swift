/// One record from a capture file; `bytes` is valid only inside the callback that receives it.
public struct CapturedPacket {
    /// Position in the file, from zero.
    public var index: Int
    /// Seconds since 1970, microsecond precision.
    public var timestamp: Double
    /// Bytes present in the file (at most the snapshot length).
    public var capturedLength: Int
    /// Bytes the frame had on the wire.
    public var originalLength: Int
    public var bytes: UnsafeRawBufferPointer
}
