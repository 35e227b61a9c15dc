import CamAuditDiscoveryProtocols

// Any datagram a discovery socket or a capture receives: recognised by content (SADP, DHDiscover, WS-Discovery,
// SSDP, mDNS) and read into observations, as a reply and as an unasked announcement.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUDPReply(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    _ = UDPReplyParser.read(bytes)
    _ = UDPReplyParser.readAnnouncement(bytes)
    return 0
}
