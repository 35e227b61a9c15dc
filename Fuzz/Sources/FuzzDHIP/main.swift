import CamAuditDiscoveryProtocols

// DHIP (Dahua, UDP 37810 and TCP 37777): the input as one datagram, and as a TCP stream split into frames
// by the incremental decoder in pieces whose size comes from the input; each frame's body read as a DHDiscover reply.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDHIP(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let reply = try? DHDiscoverReply.parse(bytes) { _ = reply.observations() }
    _ = try? DHIPFrame.parseDatagram(bytes)
    var decoder = DHIPFrameDecoder()
    let pieceSize = bytes.isEmpty ? 1 : Int(bytes[bytes.count - 1] % 64) + 1
    var offset = 0
    stream: while offset < bytes.count {
        let end = min(bytes.count, offset + pieceSize)
        decoder.feed(bytes[offset..<end])
        offset = end
        while true {
            do {
                guard let frame = try decoder.next() else { break }
                if let reply = try? DHDiscoverReply.parse(frame: frame) { _ = reply.observations() }
            } catch {
                break stream
            }
        }
    }
    return 0
}
