import CamAuditCore
import CamAuditProbes
import NIOCore

/// Proves that an open RTSP stream really sends video: SETUP over TCP, PLAY, read one interleaved RTP packet, TEARDOWN.
///
/// Read-only (RTSP playback changes no setting), run only with `--frame-check`, and bounded by one deadline.
struct RTPFrameProbe: Sendable {
    let group: any EventLoopGroup
    /// RTP frames on other channels (RTCP) skipped before giving up.
    static let maximumFramesRead = 16
    static let maximumBytes = 256 * 1024

    /// What the probe established.
    struct Result: Sendable {
        var frame: RTPInterleavedFrame?
        var problem: String?
        var requestsSent: Int
    }

    /// `describeURL` is the URL that answered DESCRIBE; `contentBase` the header of that answer, if any.
    func run(
        host: IPAddress, port: UInt16, describeURL: String, contentBase: String?, sdp: SDPDescription,
        media: SDPDescription.Media, deadline: ContinuousClock.Instant
    ) async -> Result {
        let connection: StreamConnection
        switch await StreamConnection.open(host: host, port: port, group: group, deadline: deadline, maxBytes: Self.maximumBytes) {
        case .success(let opened): connection = opened
        case .failure(let error): return Result(frame: nil, problem: error.description, requestsSent: 0)
        }
        defer { connection.close() }
        let base = contentBase ?? describeURL
        let setupURL = Self.resolve(control: media.control, base: base)
        let aggregateURL = Self.resolve(control: sdp.control, base: base)
        var sent = 0
        var reader = RTSPStreamReader()

        connection.write(Self.request("SETUP", setupURL, cseq: 1, extra: ["Transport: RTP/AVP/TCP;unicast;interleaved=0-1"]))
        sent += 1
        guard case .response(let setup) = await reader.nextResponse(from: connection) else {
            return Result(frame: nil, problem: "no answer to SETUP", requestsSent: sent)
        }
        guard setup.status == 200, let sessionValue = setup.value(of: "Session") else {
            return Result(frame: nil, problem: "SETUP answered \(setup.status) without a session", requestsSent: sent)
        }
        let session = String(sessionValue.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        connection.write(Self.request("PLAY", aggregateURL, cseq: 2, extra: ["Session: \(session)", "Range: npt=0.000-"]))
        sent += 1
        defer { connection.write(Self.request("TEARDOWN", aggregateURL, cseq: 3, extra: ["Session: \(session)"])) }
        guard case .response(let play) = await reader.nextResponse(from: connection) else {
            return Result(frame: nil, problem: "no answer to PLAY", requestsSent: sent + 1)
        }
        guard play.status == 200 else { return Result(frame: nil, problem: "PLAY answered \(play.status)", requestsSent: sent + 1) }
        for _ in 0..<Self.maximumFramesRead {
            switch await reader.nextFrame(from: connection) {
            case .frame(let frame) where frame.channel == 0:
                let expected = media.primaryPayloadType
                guard frame.version == 2 else {
                    return Result(frame: nil, problem: "the first packet is not RTP version 2", requestsSent: sent + 1)
                }
                guard expected == nil || frame.payloadType == expected else {
                    return Result(
                        frame: nil, problem: "RTP payload type \(frame.payloadType) differs from the SDP's \(expected ?? -1)",
                        requestsSent: sent + 1)
                }
                return Result(frame: frame, problem: nil, requestsSent: sent + 1)
            case .frame:
                continue  // RTCP on channel 1
            case .ended(let reason):
                return Result(frame: nil, problem: "no RTP packet: \(reason)", requestsSent: sent + 1)
            }
        }
        return Result(frame: nil, problem: "no RTP packet on channel 0 within \(Self.maximumFramesRead) frames", requestsSent: sent + 1)
    }

    static func request(_ method: String, _ url: String, cseq: Int, extra: [String]) -> [UInt8] {
        var text = "\(method) \(url) RTSP/1.0\r\nCSeq: \(cseq)\r\nUser-Agent: \(HTTPRequestText.userAgent)\r\n"
        for line in extra { text += line + "\r\n" }
        return Array((text + "\r\n").utf8)
    }

    /// RFC 2326 §C.1.1: an absolute control URL is used as is, `*` or none means the base, otherwise it is relative to the base.
    static func resolve(control: String?, base: String) -> String {
        guard let control, !control.isEmpty, control != "*" else { return base }
        if control.lowercased().hasPrefix("rtsp://") { return control }
        return base.hasSuffix("/") ? base + control : base + "/" + control
    }
}
