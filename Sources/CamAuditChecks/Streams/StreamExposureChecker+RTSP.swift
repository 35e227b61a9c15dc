import CamAuditCatalog
import CamAuditCore
import CamAuditProbes

extension StreamExposureChecker {
    /// How one DESCRIBE answer was judged.
    enum DescribeVerdict {
        case open(HTTPResponse, SDPDescription, SDPDescription.Media)
        case closed(String)
    }

    /// Open only with a 200, no challenge, an `application/sdp` body and a playable media section.
    static func judgeDescribe(_ answer: WireAnswer) -> DescribeVerdict {
        guard let response = answer.response else { return .closed(answer.problem ?? "no answer") }
        guard response.isRTSP else { return .closed("not an RTSP answer") }
        guard response.status == 200 else { return .closed("status \(response.status)") }
        guard response.values(of: "WWW-Authenticate").isEmpty else { return .closed("200 that still asks for credentials") }
        guard let type = response.value(of: "Content-Type"), type.lowercased().contains("application/sdp") else {
            return .closed("200 without an SDP content type")
        }
        guard let sdp = SDPDescription.parse(response.body) else { return .closed("200 whose body is not SDP") }
        guard let media = sdp.playableMedia.first(where: { $0.kind == "video" }) ?? sdp.playableMedia.first else {
            return .closed("SDP without a playable video or audio section")
        }
        return .open(response, sdp, media)
    }

    func describe(_ path: String, host: IPAddress, port: UInt16, options: CheckOptions) async -> WireAnswer {
        let request = HTTPRequestText.rtsp(method: "DESCRIBE", path: path, cseq: 1, host: host, port: port, accept: "application/sdp")
        return await wire.send(request.bytes, to: host, port: port, deadline: .now + options.stepTimeout, readsBodyUntilClose: false)
    }

    func checkRTSP(_ target: CheckTarget, port: UInt16, options: CheckOptions) async -> CheckOutcome {
        var outcome = CheckOutcome()
        let host = target.address
        let routes = catalog.candidates(kinds: [.rtsp], manufacturer: target.identity.manufacturer, brand: target.identity.brand)
            .prefix(Self.maximumRTSPRoutesPerPort)
        for route in routes {
            let answer = await describe(route.path, host: host, port: port, options: options)
            outcome.requestsSent += 1
            if answer.response == nil {
                // A port that does not answer one route will not answer the next: stop rather than wait out every deadline.
                outcome.notes.append(
                    "RTSP port \(port): \(answer.problem ?? "no answer") to DESCRIBE \(route.path); other stream routes not tried")
                return outcome
            }
            guard case .open(let response, let sdp, let media) = Self.judgeDescribe(answer) else { continue }
            // False-positive guard: a device that describes a route that cannot exist describes anything.
            let guardPath = Self.guardPath()
            let guardAnswer = await describe(guardPath, host: host, port: port, options: options)
            outcome.requestsSent += 1
            if let guardResponse = guardAnswer.response, guardResponse.status == 200, SDPDescription.parse(guardResponse.body) != nil {
                outcome.notes.append(
                    "RTSP port \(port) answers 200 with an SDP even for \(guardPath), a route that cannot exist; no open-stream finding is reported for it"
                )
                return outcome
            }
            let url = "rtsp://\(HTTPRequestText.authority(host, port))\(route.path)"
            var evidence = [
                "DESCRIBE \(url) without credentials: RTSP \(response.status), Content-Type \(response.value(of: "Content-Type") ?? ""), no WWW-Authenticate",
                "SDP \(media.kind) stream: \(media.codecs[media.primaryPayloadType ?? -1] ?? "?") (payload type \(media.primaryPayloadType ?? -1))"
                    + (media.width.map { w in media.height.map { " at \(w)x\($0)" } ?? "" } ?? ""),
                "guard: DESCRIBE \(guardPath) was refused (\(guardAnswer.response.map { "status \($0.status)" } ?? guardAnswer.problem ?? "no answer"))",
                "route from data/streams/stream-paths.json entry \(route.id)",
            ]
            if options.frameCheck {
                let probe = RTPFrameProbe(group: group)
                let result = await probe.run(
                    host: host, port: port, describeURL: url, contentBase: response.value(of: "Content-Base"),
                    sdp: sdp, media: media, deadline: .now + options.stepTimeout)
                outcome.requestsSent += result.requestsSent
                if let frame = result.frame {
                    evidence.append(
                        "frame check: received RTP packet, PT \(frame.payloadType), \(frame.packetLength) bytes (SETUP over TCP, PLAY, TEARDOWN)"
                    )
                } else {
                    evidence.append("frame check: \(result.problem ?? "no RTP packet")")
                }
            }
            outcome.findings.append(
                Finding(
                    id: "open-rtsp-stream", title: "RTSP video stream open without a password", severity: .high, kind: .stream,
                    decidedBy: .safeProbe, evidence: evidence, remediation: Self.rtspRemediation))
            return outcome  // one open route per port proves the point; stop sending requests
        }
        return outcome
    }
}
