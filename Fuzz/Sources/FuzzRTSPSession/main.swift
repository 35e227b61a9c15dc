import CamAuditChecks
import CamAuditProbes

// What an RTSP session connection receives: answers (RTSP/1.0, no body without Content-Length) and
// interleaved RTP frames mixed, split the way the stream check splits them; each SDP body is read too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTSPSession(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var pending = Array(UnsafeRawBufferPointer(start: start, count: count))
    while !pending.isEmpty {
        switch RTPInterleavedFrame.read(pending[...]) {
        case .frame(_, let consumed):
            precondition(consumed > 0 && consumed <= pending.count, "a frame consumed \(consumed) of \(pending.count) bytes")
            pending.removeFirst(consumed)
            continue
        case .needMoreData:
            return 0
        case .notAFrame:
            break
        }
        var parser = HTTPResponseParser(maxHeaderBytes: 16 * 1024, maxBodyBytes: 64 * 1024, readsBodyUntilCloseWithoutLength: false)
        do {
            guard case .complete(let response) = try parser.feed(pending[...]) else { return 0 }
            let left = parser.unconsumedByteCount
            precondition(left < pending.count, "an answer consumed nothing")
            pending = Array(pending.suffix(left))
            if response.value(of: "Content-Type")?.lowercased().contains("sdp") == true {
                _ = SDPDescription.parse(response.body)?.playableMedia
            }
            _ = AuthenticationChallenge.parse(headerValues: response.values(of: "WWW-Authenticate"))
        } catch {
            return 0
        }
    }
    return 0
}
