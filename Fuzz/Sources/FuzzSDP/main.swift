import CamAuditChecks

// An SDP body of a DESCRIBE answer (RFC 8866).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSDP(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let description = SDPDescription.parse(bytes) {
        for media in description.playableMedia { _ = media.primaryPayloadType }
    }
    return 0
}
