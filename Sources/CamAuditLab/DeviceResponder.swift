import Foundation

/// Turns one request to one emulated device into the bytes that device would send back.
///
/// Static replies come from the profile; the coded parts are authentication, lockout counting,
/// fresh nonces, the ONVIF and Dahua login handlers and the honeypot.
struct DeviceResponder: Sendable {
    let profile: DeviceProfile
    let state: DeviceState
    /// Open API sessions (Reolink tokens).
    let tokens = LabSessionTokens()

    /// What to send, and whether to close the connection afterwards.
    struct Answer {
        var bytes: [UInt8]
        var closeAfterwards: Bool
    }

    init(profile: DeviceProfile) {
        self.profile = profile
        self.state = DeviceState(lockout: profile.lockout)
    }

    /// The reply to one request; `onRTSPPort` says which listener received it.
    func answer(_ request: WireRequest, client: String, onRTSPPort: Bool = false) -> Answer {
        if profile.kind == .honeypot { return honeypotAnswer(request) }
        if onRTSPPort, let rtsp = profile.rtsp {
            guard request.isRTSP else {
                // An HTTP request on the RTSP port gets an RTSP error, as RTSP servers do
                // (nmap-service-probes L11572: Dahua Rtsp Server answers 405).
                return Answer(bytes: Array("RTSP/1.0 400 Bad Request\r\nCSeq: 0\r\nContent-Length: 0\r\n\r\n".utf8), closeAfterwards: true)
            }
            return rtspAnswer(request, service: rtsp, client: client)
        }
        guard let http = profile.http else {
            return Answer(bytes: Array("HTTP/1.0 400 Bad Request\r\n\r\n".utf8), closeAfterwards: true)
        }
        return httpAnswer(request, service: http, client: client)
    }

    // MARK: - HTTP

    private func httpAnswer(_ request: WireRequest, service: DeviceProfile.HTTPService, client: String) -> Answer {
        var template = makeTemplate(request: request, client: client, realm: service.realm)
        let challenges = service.challenges ?? []
        guard let route = service.routes.first(where: { matches($0, request) }) else {
            return httpFinish(
                template.render(service.notFound, defaultVersion: service.version, challenges: challenges),
                reply: service.notFound, service: service, request: request)
        }
        if let tag = route.record { state.record(tag) }
        switch route.handler {
        case "onvif":
            return httpFinish(onvifAnswer(request, service: service, template: template), reply: nil, service: service, request: request)
        case "dahua-rpc2-login":
            return httpFinish(dahuaLoginAnswer(request, client: client, template: template), reply: nil, service: service, request: request)
        case "query-credentials", "reolink-login", "reolink-token", "reolink-logout":
            return httpFinish(
                vendorLoginAnswer(route, request: request, client: client, template: template, service: service),
                reply: nil, service: service, request: request)
        case "malformed-xml":
            return httpFinish(
                malformedXMLAnswer(route, template: template, service: service), reply: route.reply, service: service, request: request)
        case "mjpeg":
            if let tag = route.record { state.record(tag) }
            return mjpegAnswer(route, template: template, defaultVersion: service.version)
        default:
            break
        }
        var reply = route.reply ?? service.notFound
        if route.auth == true, !bypassesAuthentication(route, request) {
            let unauthorized = route.unauthorized ?? service.unauthorized ?? service.notFound
            let locked = route.locked ?? service.locked ?? unauthorized
            if state.lockSecondsLeft(client: client) > 0 {
                if request.header("Authorization") != nil { state.recordAttemptWhileLocked() }
                reply = locked
            } else {
                switch credentialCheck(realm: service.realm).check(
                    authorization: request.header("Authorization"), method: request.method, state: state)
                {
                case .absent:
                    reply = unauthorized
                case .refused:
                    reply = state.recordFailure(client: client) ? locked : unauthorized
                case .accepted:
                    state.recordSuccess(client: client)
                }
            }
            template.values["retryLoginTime"] = String(state.attemptsLeft(client: client))
            template.values["unlockTime"] = String(state.lockSecondsLeft(client: client))
            template.values["lockStatus"] = state.lockSecondsLeft(client: client) > 0 ? "lock" : "unlock"
        }
        return httpFinish(
            template.render(reply, defaultVersion: service.version, challenges: challenges),
            reply: reply, service: service, request: request)
    }

    private func matches(_ route: DeviceProfile.HTTPRoute, _ request: WireRequest) -> Bool {
        if let method = route.method, method != request.method { return false }
        if let needle = route.queryContains, !(request.query ?? "").contains(needle) { return false }
        if let needle = route.bodyContains, !String(decoding: request.body, as: UTF8.self).contains(needle) { return false }
        return route.prefix == true ? request.path.hasPrefix(route.path) : request.path == route.path
    }

    /// CVE-2017-7921 firmware honours `?auth=<base64 user:anything>` for an existing user
    /// (CISA ICSA-17-124-01; Metasploit hikvision_info_disclosure_cve_2017_7921.rb).
    private func bypassesAuthentication(_ route: DeviceProfile.HTTPRoute, _ request: WireRequest) -> Bool {
        guard let name = route.authBypassQuery, let user = profile.credentials?.user,
            var encoded = request.queryParameter(name)?.removingPercentEncoding
        else { return false }
        encoded = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while encoded.count % 4 != 0 { encoded += "=" }
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return false }
        return text.hasPrefix("\(user):")
    }

    private func httpFinish(_ bytes: [UInt8], reply: DeviceProfile.Reply?, service: DeviceProfile.HTTPService, request: WireRequest)
        -> Answer
    {
        let version = reply?.version ?? service.version
        let saysClose =
            reply?.headers.contains { $0.count == 2 && $0[0].lowercased() == "connection" && $0[1].lowercased() == "close" } ?? false
        let requestCloses = request.version == "HTTP/1.0" || request.header("Connection")?.lowercased() == "close"
        return Answer(bytes: bytes, closeAfterwards: version == "HTTP/1.0" || saysClose || requestCloses)
    }

    private func credentialCheck(realm: String?) -> CredentialCheck {
        CredentialCheck(user: profile.credentials?.user ?? "admin", password: profile.credentials?.password ?? "", realm: realm ?? "")
    }

    // MARK: - RTSP

    private func rtspAnswer(_ request: WireRequest, service: DeviceProfile.RTSPService, client: String) -> Answer {
        let template = makeTemplate(request: request, client: client, realm: service.realm)
        let challenges = service.challenges ?? []
        let fallback = DeviceProfile.Reply(
            version: "RTSP/1.0", status: 405, reason: "Method Not Allowed", headers: [["CSeq", "{cseq}"]], body: nil)
        guard let route = service.routes.first(where: { rtspMatches($0, request) }) else {
            return Answer(bytes: template.render(fallback, defaultVersion: "RTSP/1.0", challenges: challenges), closeAfterwards: false)
        }
        if let tag = route.record { state.record(tag) }
        var reply = route.reply
        if route.auth == true {
            let outcome = credentialCheck(realm: service.realm).check(
                authorization: request.header("Authorization"), method: request.method, state: state)
            // RTSP failures count as login attempts in the activity log, but not toward the web lockout (no source says they do).
            if outcome != .absent { state.recordLoginOutsideLockout(accepted: outcome == .accepted) }
            if outcome != .accepted || state.lockSecondsLeft(client: client) > 0 {
                reply = service.unauthorized ?? fallback
            }
        }
        var bytes = template.render(reply, defaultVersion: "RTSP/1.0", challenges: challenges)
        if route.handler == "rtp-play", reply.status == 200 { bytes += Self.interleavedRTPPacket() }
        return Answer(bytes: bytes, closeAfterwards: false)
    }

    private func rtspMatches(_ route: DeviceProfile.RTSPRoute, _ request: WireRequest) -> Bool {
        if let method = route.method, method != request.method { return false }
        if let needle = route.queryContains, !(request.query ?? "").contains(needle) { return false }
        guard let path = route.path else { return true }
        let resource = request.resourcePath
        // SETUP adds a track suffix (`/trackID=1`) to the stream URL, so a stream path also matches its sub-paths.
        return route.prefix == true ? resource.hasPrefix(path) : (resource == path || resource.hasPrefix(path + "/"))
    }

    // MARK: - Template values

    private func makeTemplate(request: WireRequest, client: String, realm: String?) -> ReplyTemplate {
        var values = profile.identity
        values["date"] = WireDate.http()
        values["rtspDate"] = WireDate.hikvisionRTSP()
        values["cseq"] = request.header("CSeq") ?? "0"
        values["host"] = request.header("Host") ?? ""
        values["timestamp"] = String(Int(Date().timeIntervalSince1970))
        values["hex32"] = Self.randomHex(32)
        values["hex40"] = Self.randomHex(40)
        values["hex64"] = Self.randomHex(64)
        if let realm { values["realm"] = ReplyTemplate(values: profile.identity, issueNonce: { _ in "" }).fill(realm) }
        let state = self.state
        return ReplyTemplate(values: values, issueNonce: { state.issueNonce(style: $0) })
    }

    static func randomHex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int.random(in: 0..<16)] })
    }

    // MARK: - Malformed XML

    /// The route's reply (status and headers) carrying a generated `MalformedXML` document as its body.
    private func malformedXMLAnswer(_ route: DeviceProfile.HTTPRoute, template: ReplyTemplate, service: DeviceProfile.HTTPService)
        -> [UInt8]
    {
        var reply = route.reply ?? service.notFound
        let shape = route.xmlDocument.flatMap(MalformedXML.init(rawValue:)) ?? .unclosed
        let element = route.xmlElement ?? "tds:Manufacturer"
        let wrapper: MalformedXML.Wrapper = element.contains(":") ? .soap : .upnp
        reply.body = nil
        reply.bodyBase64 = Data(shape.document(element: element, wrapper: wrapper)).base64EncodedString()
        return template.render(reply, defaultVersion: service.version, challenges: service.challenges ?? [])
    }

    // MARK: - Honeypot

    /// 200 OK with the same page to every path, method and protocol (the nuclei false-positive trap).
    private func honeypotAnswer(_ request: WireRequest) -> Answer {
        let body = Array((profile.honeypotBody ?? "<html><body>OK</body></html>").utf8)
        var head: String
        if request.isRTSP {
            head = "RTSP/1.0 200 OK\r\nCSeq: \(request.header("CSeq") ?? "0")\r\n"
        } else {
            head = "HTTP/1.1 200 OK\r\nDate: \(WireDate.http())\r\nServer: Apache\r\n"
        }
        head += "Content-Type: text/html\r\nContent-Length: \(body.count)\r\n\r\n"
        return Answer(bytes: Array(head.utf8) + body, closeAfterwards: false)
    }
}
