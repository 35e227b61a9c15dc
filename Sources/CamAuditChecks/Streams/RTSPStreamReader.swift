import CamAuditProbes

/// Splits what an RTSP session connection receives into responses and interleaved RTP frames, in order.
struct RTSPStreamReader {
    enum Response {
        case response(HTTPResponse)
        case ended(String)
    }

    enum Frame {
        case frame(RTPInterleavedFrame)
        case ended(String)
    }

    /// Bytes received and not yet consumed.
    private var pending: [UInt8] = []

    /// The next RTSP response, skipping interleaved frames that arrive before it.
    mutating func nextResponse(from connection: StreamConnection) async -> Response {
        while true {
            if case .frame(_, let consumed) = RTPInterleavedFrame.read(pending[...]) {
                pending.removeFirst(consumed)
                continue
            }
            if pending.first != 0x24, !pending.isEmpty {
                var parser = HTTPResponseParser(maxHeaderBytes: 16 * 1024, maxBodyBytes: 64 * 1024, readsBodyUntilCloseWithoutLength: false)
                do {
                    if case .complete(let response) = try parser.feed(pending[...]) {
                        pending = Array(pending.suffix(parser.unconsumedByteCount))
                        return .response(response)
                    }
                } catch {
                    return .ended("unparsable RTSP answer: \(error)")
                }
            }
            switch await connection.next() {
            case .bytes(let bytes): pending += bytes
            case .ended(let reason): return .ended(reason)
            }
        }
    }

    /// The next interleaved frame; an RTSP message in between (a server keep-alive) is skipped.
    mutating func nextFrame(from connection: StreamConnection) async -> Frame {
        while true {
            switch RTPInterleavedFrame.read(pending[...]) {
            case .frame(let frame, let consumed):
                pending.removeFirst(consumed)
                return .frame(frame)
            case .notAFrame:
                var parser = HTTPResponseParser(maxHeaderBytes: 16 * 1024, maxBodyBytes: 64 * 1024, readsBodyUntilCloseWithoutLength: false)
                do {
                    if case .complete = try parser.feed(pending[...]) {
                        pending = Array(pending.suffix(parser.unconsumedByteCount))
                        continue
                    }
                } catch {
                    return .ended("neither an RTP frame nor an RTSP message")
                }
            case .needMoreData:
                break
            }
            switch await connection.next() {
            case .bytes(let bytes): pending += bytes
            case .ended(let reason): return .ended(reason)
            }
        }
    }
}
