import CamAuditChecks

// A snapshot's JPEG header (the frame size), from the start and from a slice that does not start at index 0.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let whole = JPEGImageInfo.parse(bytes)
    let shifted = JPEGImageInfo.parse(([0x00] + bytes)[1...])
    precondition(whole == shifted, "a slice reads differently from the array")
    return 0
}
