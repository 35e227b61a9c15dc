import CamAuditDiscoveryProtocols

// A WS-Discovery ProbeMatches datagram (UDP 3702, SOAP over UDP) and its ONVIF scopes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWSDiscovery(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let reply = try? WSDiscoveryReply.parse(bytes) {
        _ = reply.observations()
        let scopes = reply.decodedScopes
        _ = (scopes.hardware, scopes.name, scopes.macAddress, scopes.location, scopes.profiles, scopes.types)
    }
    return 0
}
