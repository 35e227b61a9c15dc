import CamAuditDiscoveryProtocols

// An mDNS message (UDP 5353, RFC 6762), with compressed names, and the observations drawn from it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMDNS(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let message = try? MDNSMessage.parse(bytes) { _ = message.observations(port: 5353, probe: "mDNS query") }
    return 0
}
