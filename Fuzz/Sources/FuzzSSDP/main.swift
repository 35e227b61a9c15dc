import CamAuditDiscoveryProtocols

// An SSDP answer or NOTIFY datagram (UDP 1900).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSDP(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    _ = try? SSDPMessage.parse(bytes)
    if let response = try? SSDPResponse.parse(bytes) { _ = response.observations() }
    return 0
}
