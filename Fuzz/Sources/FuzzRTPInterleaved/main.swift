import CamAuditChecks

// Interleaved RTP frames (RFC 2326 §10.12) read one after another from any starting offset.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTPInterleaved(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    var rest = bytes[...]
    while !rest.isEmpty {
        switch RTPInterleavedFrame.read(rest) {
        case .frame(let frame, let consumed):
            precondition(consumed >= 4 && consumed <= rest.count && frame.packetLength == consumed - 4, "frame of \(consumed) bytes")
            rest = rest.dropFirst(consumed)
        case .needMoreData, .notAFrame:
            rest = rest.dropFirst()
        }
    }
    return 0
}
