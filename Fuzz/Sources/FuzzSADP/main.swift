import CamAuditDiscoveryProtocols

// A Hikvision SADP reply datagram (UDP 37020) and the observations drawn from it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSADP(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let reply = try? SADPReply.parse(bytes) {
        _ = reply.observations()
        _ = (reply.macAddress, reply.firmware, reply.activated, reply.commandPort, reply.httpPort)
    }
    return 0
}
