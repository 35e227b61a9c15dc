import CamAuditCore

/// Probes one open port: tries the hinted protocol first, then lets the answers decide.
struct PortProber: Sendable {
    /// What one attempt concluded.
    enum Verdict: Sendable, Equatable {
        /// The service is known; stop.
        case recognised
        /// The answer points at other protocols (an `RTSP/1.0` reply to HTTP, a TLS alert): try them next.
        case tryNext([ServiceHint])
        /// Nothing useful; go on with the remaining hints.
        case notRecognised
        /// The port cannot be reached any more; stop.
        case unreachable
    }

    let host: IPAddress
    let port: UInt16
    let configuration: ProbeConfiguration
    let connection: ProbeConnection
    let hostDeadline: ContinuousClock.Instant

    func run() async -> PortRecord {
        var record = PortRecord(port: port)
        var queue = PortHintTable.hints(for: port, extra: configuration.portHints)
        var tried: Set<ServiceHint> = []
        var bannerTried = false
        while !queue.isEmpty {
            let hint = queue.removeFirst()
            guard tried.insert(hint).inserted else { continue }
            guard ContinuousClock.now < hostDeadline else {
                record.note("host deadline reached before the \(hint.rawValue) probe")
                break
            }
            let verdict = await attempt(hint, bannerTried: &bannerTried, record: &record)
            switch verdict {
            case .recognised, .unreachable:
                return record
            case .tryNext(let hints):
                queue = hints + queue
            case .notRecognised:
                if queue.isEmpty, !tried.contains(.unknown) { queue.append(.unknown) }
            }
        }
        return record
    }

    private func attempt(_ hint: ServiceHint, bannerTried: inout Bool, record: inout PortRecord) async -> Verdict {
        switch hint {
        case .http: return await probeWeb(useTLS: false, record: &record)
        case .https: return await probeWeb(useTLS: true, record: &record)
        case .rtsp: return await probeRTSP(record: &record)
        case .hikvisionSDK, .dahuaDVRIP, .xiongmai, .telnet:
            if bannerTried { return .notRecognised }
            bannerTried = true
            return await probeBanner(wait: .seconds(1), hint: hint, record: &record)
        case .unknown:
            if !bannerTried {
                bannerTried = true
                let verdict = await probeBanner(wait: configuration.bannerWait, hint: hint, record: &record)
                if verdict != .notRecognised { return verdict }
                if record.value(of: .banner) != nil { return .notRecognised }  // it spoke, but not HTTP
            }
            return .tryNext([.http])
        }
    }

    // MARK: - Deadlines and notes

    private func stepDeadline() -> ContinuousClock.Instant {
        min(ContinuousClock.now + configuration.stepTimeout, hostDeadline)
    }

    private func noteSilence<Message>(_ exchange: Exchange<Message>, probe: String, record: inout PortRecord) {
        switch exchange.end {
        case .deadline where ContinuousClock.now >= hostDeadline:
            record.note("\(probe): host deadline reached before an answer")
        case .deadline:
            record.note("no answer to \(probe) within \(configuration.stepTimeout.shortText)")
        case .closed:
            record.note("\(probe): connection closed without an answer")
        case .failed(let reason):
            record.note("\(probe): connection failed (\(reason.prefix(120)))")
        case .overflow, .complete:
            break
        }
    }

    private func noteCuts(_ exchange: Exchange<HTTPResponse>, probe: String, record: inout PortRecord) {
        if case .message(let response) = exchange.outcome {
            if exchange.end == .deadline {
                record.note(
                    "\(probe): answer incomplete after \(configuration.stepTimeout.shortText) (\(exchange.bytesReceived) bytes), kept what arrived"
                )
            } else if response.isBodyTruncated, exchange.end == .closed {
                record.note("\(probe): connection closed inside the body, kept what arrived")
            } else if response.isBodyTruncated {
                record.note("\(probe): body larger than \(ByteCountText.describe(configuration.maxResponseBytes)), cut")
            }
        }
        if case .unparsable(let error) = exchange.outcome, error != .notHTTPOrRTSP {
            if error == .truncatedHeader, exchange.end == .deadline {
                let limit =
                    ContinuousClock.now >= hostDeadline ? "before the host deadline" : "within \(configuration.stepTimeout.shortText)"
                record.note("no complete answer to \(probe) \(limit) (\(exchange.bytesReceived) bytes)")
            } else {
                record.note("\(probe): \(error)")
            }
        }
    }

    // MARK: - HTTP

    private func httpExchange(_ request: HTTPRequestText, useTLS: Bool) async -> Exchange<HTTPResponse> {
        let decoder = HTTPResponseParser(maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: configuration.maxResponseBytes)
        return await connection.exchange(
            host: host, port: port, useTLS: useTLS, request: request.bytes, decoder: decoder, deadline: stepDeadline())
    }

    private func probeWeb(useTLS: Bool, record: inout PortRecord) async -> Verdict {
        let scheme = useTLS ? "https" : "http"
        let rootProbe = "GET /"
        let root = await httpExchange(HTTPRequestText.http(method: "GET", path: "/", host: host, port: port), useTLS: useTLS)
        if let der = root.certificateDER { recordCertificate(der, record: &record) }
        noteCuts(root, probe: rootProbe, record: &record)
        switch root.outcome {
        case .connectFailed(let reason):
            record.note("\(scheme) connection failed (\(reason.prefix(120)))")
            return useTLS ? .notRecognised : .unreachable
        case .silent:
            noteSilence(root, probe: useTLS ? "TLS \(rootProbe)" : rootProbe, record: &record)
            if useTLS { return root.end == .deadline ? .notRecognised : .tryNext([.http]) }
            // A TLS-only server often closes on plaintext without a word.
            return root.end == .closed ? .tryNext([.https]) : .notRecognised
        case .unparsable(let error):
            if Self.looksLikeTLSRecord(root.head), !useTLS { return .tryNext([.https]) }
            if case .headerTooLarge = error {
                // A valid status line came first: it is a web server, just an abusive one.
                record.service = scheme
                record.detail = "oversized header"
                return .recognised
            }
            if error == .notHTTPOrRTSP {
                record.observe(.banner, BannerText.render(root.head), probe: rootProbe)
                if TelnetNegotiationStripper.looksLikeTelnet(root.head) { return .tryNext([.telnet]) }
            }
            return .notRecognised
        case .message(let response):
            if response.isRTSP {
                // Dahua answers HTTP on its RTSP port with `RTSP/1.0 405`: that is an RTSP server.
                record.observe(.rtspServer, response.value(of: "Server") ?? "", probe: rootProbe)
                return .tryNext([.rtsp])
            }
            record.service = scheme
            recordPage(response, probe: rootProbe, record: &record)
            await followRedirect(from: response, useTLS: useTLS, record: &record)
            await sendWebProbes(useTLS: useTLS, record: &record)
            if response.status == 200 { await probeImpossiblePath(like: response, useTLS: useTLS, record: &record) }
            record.detail =
                record.value(of: .httpServer) ?? record.value(of: .httpTitle) ?? record.value(of: .httpAuthRealm).map { "realm \($0)" }
            return .recognised
        }
    }

    /// Follows one same-origin redirect: a 3xx `Location`, or a 200 page that is only a meta refresh.
    private func followRedirect(from response: HTTPResponse, useTLS: Bool, record: inout PortRecord) async {
        let location: String?
        if [301, 302, 303, 307, 308].contains(response.status) {
            location = response.value(of: "Location")
        } else if response.status == 200, !response.body.isEmpty {
            location = MetaRefreshTarget.url(in: WebAnswerReader.bodyText(response.body, limit: MetaRefreshTarget.searchedCharacters))
        } else {
            location = nil
        }
        guard let location, let path = HTTPRequestText.sameOriginPath(location, host: host, port: port), path != "/" else { return }
        let probe = "GET \(path)"
        let exchange = await httpExchange(HTTPRequestText.http(method: "GET", path: path, host: host, port: port), useTLS: useTLS)
        noteCuts(exchange, probe: probe, record: &record)
        if let followed = exchange.message, !followed.isRTSP {
            recordPage(followed, probe: probe, record: &record)
        } else if exchange.message == nil {
            noteSilence(exchange, probe: probe, record: &record)
        }
    }

    private func sendWebProbes(useTLS: Bool, record: inout PortRecord) async {
        var silentInARow = 0
        for (index, request) in WebProbeRequest.all.enumerated() {
            guard ContinuousClock.now < hostDeadline else {
                record.note("host deadline reached, \(WebProbeRequest.all.count - index) web requests not sent")
                return
            }
            let probe = request.probeName
            let text = HTTPRequestText.http(
                method: request.method, path: request.path, host: host, port: port,
                contentType: request.contentType, body: request.body)
            let exchange = await httpExchange(text, useTLS: useTLS)
            noteCuts(exchange, probe: probe, record: &record)
            guard let response = exchange.message, !response.isRTSP else {
                if case .unparsable = exchange.outcome {} else { noteSilence(exchange, probe: probe, record: &record) }
                silentInARow += 1
                if silentInARow >= 2 {
                    record.note("stopped web requests after two without an answer")
                    return
                }
                continue
            }
            silentInARow = 0
            record.observe(.httpStatus, "\(probe) -> \(response.status)", probe: probe)
            recordChallenge(response, field: .httpAuthRealm, probe: probe, record: &record)
            WebAnswerReader.read(response, for: request, probe: probe, maxBodyBytes: configuration.maxResponseBytes, into: &record)
        }
    }

    /// `GET /<random>`: a server that answers a path no device has with the same page as `/` answers
    /// everything (a honeypot, a catch-all proxy), and its pages say nothing about what it is. Recorded as
    /// `http.status` `GET /<random> -> 200 (same page as /)`; the identifier then ignores this port's pages.
    private func probeImpossiblePath(like root: HTTPResponse, useTLS: Bool, record: inout PortRecord) async {
        guard ContinuousClock.now < hostDeadline else { return }
        let path = "/" + Self.impossibleRoute()
        let exchange = await httpExchange(HTTPRequestText.http(method: "GET", path: path, host: host, port: port), useTLS: useTLS)
        guard let response = exchange.message, !response.isRTSP else { return }
        let same = response.status == 200 && response.body == root.body && !root.body.isEmpty
        record.observe(.httpStatus, same ? CatchAllAnswer.webPageForAnyPath : "GET /<random> -> \(response.status)", probe: "GET /<random>")
    }

    private func recordPage(_ response: HTTPResponse, probe: String, record: inout PortRecord) {
        record.observe(.httpStatus, "\(probe) -> \(response.status)", probe: probe)
        if let server = response.value(of: "Server") { record.observe(.httpServer, server, probe: probe) }
        record.observe(.httpHeaderNames, response.headers.map(\.name).joined(separator: ","), probe: probe)
        if let location = response.value(of: "Location") { record.observe(.httpLocation, location, probe: probe) }
        recordChallenge(response, field: .httpAuthRealm, probe: probe, record: &record)
        let cookies = response.values(of: "Set-Cookie").compactMap { cookie -> String? in
            let name = cookie.split(separator: "=", maxSplits: 1).first.map { String($0).trimmingSpaces() } ?? ""
            return name.isEmpty ? nil : name
        }
        record.observe(.httpCookie, cookies.joined(separator: ","), probe: probe)
        WebAnswerReader.recordBodyAndTitle(response, probe: probe, into: &record)
    }

    private func recordChallenge(_ response: HTTPResponse, field: ObservedField, probe: String, record: inout PortRecord) {
        let challenges = AuthenticationChallenge.parse(headerValues: response.values(of: "WWW-Authenticate"))
        if let realm = challenges.compactMap(\.realm).first { record.observe(field, realm, probe: probe) }
    }

    private func recordCertificate(_ der: [UInt8], record: inout PortRecord) {
        guard let names = CertificateNames(der: der) else {
            record.note("TLS certificate could not be parsed")
            return
        }
        record.observe(.tlsSubject, names.subject, probe: "TLS handshake")
        record.observe(.tlsIssuer, names.issuer, probe: "TLS handshake")
    }

    static func looksLikeTLSRecord(_ head: [UInt8]) -> Bool {
        // A TLS record header: alert (0x15) or handshake (0x16), then version 3.x.
        head.count >= 2 && (head[0] == 0x15 || head[0] == 0x16) && head[1] == 0x03
    }

    // MARK: - RTSP

    private func probeRTSP(record: inout PortRecord) async -> Verdict {
        let decoder = HTTPResponseParser(
            maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: configuration.maxResponseBytes,
            readsBodyUntilCloseWithoutLength: false)
        let options = await connection.exchange(
            host: host, port: port, useTLS: false,
            request: HTTPRequestText.rtsp(method: "OPTIONS", path: "/", cseq: 1, host: host, port: port).bytes,
            decoder: decoder, deadline: stepDeadline())
        noteCuts(options, probe: "RTSP OPTIONS", record: &record)
        switch options.outcome {
        case .connectFailed(let reason):
            record.note("connection failed (\(reason.prefix(120)))")
            return .unreachable
        case .silent:
            noteSilence(options, probe: "RTSP OPTIONS", record: &record)
            return .notRecognised
        case .unparsable:
            if Self.looksLikeTLSRecord(options.head) { return .tryNext([.https]) }
            record.observe(.banner, BannerText.render(options.head), probe: "RTSP OPTIONS")
            return .notRecognised
        case .message(let response):
            guard response.isRTSP else { return .tryNext([.http]) }
            record.service = "rtsp"
            recordRTSP(response, label: "OPTIONS / -> \(response.status)", probe: "RTSP OPTIONS", record: &record)
        }
        let route = "/" + Self.impossibleRoute()
        let describe = await connection.exchange(
            host: host, port: port, useTLS: false,
            request: HTTPRequestText.rtsp(method: "DESCRIBE", path: route, cseq: 2, host: host, port: port, accept: "application/sdp")
                .bytes,
            decoder: decoder, deadline: stepDeadline())
        noteCuts(describe, probe: "RTSP DESCRIBE", record: &record)
        if let response = describe.message, response.isRTSP {
            recordRTSP(response, label: "DESCRIBE /<random> -> \(response.status)", probe: "RTSP DESCRIBE", record: &record)
        } else if describe.message == nil {
            noteSilence(describe, probe: "RTSP DESCRIBE", record: &record)
        }
        record.detail = record.value(of: .rtspServer) ?? record.value(of: .rtspAuthRealm).map { "realm \($0)" }
        return .recognised
    }

    private func recordRTSP(_ response: HTTPResponse, label: String, probe: String, record: inout PortRecord) {
        record.observe(.rtspStatus, label, probe: probe)
        if let server = response.value(of: "Server") { record.observe(.rtspServer, server, probe: probe) }
        if let methods = response.value(of: "Public") { record.observe(.rtspPublic, methods, probe: probe) }
        recordChallenge(response, field: .rtspAuthRealm, probe: probe, record: &record)
    }

    /// 12 random lower-case letters and digits: a stream path no device has.
    static func impossibleRoute() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    // MARK: - Banners (NULL probe)

    private func probeBanner(wait: Duration, hint: ServiceHint, record: inout PortRecord) async -> Verdict {
        let deadline = min(ContinuousClock.now + wait, hostDeadline)
        let exchange = await connection.exchange(
            host: host, port: port, useTLS: false, request: nil,
            decoder: BannerCollector(limit: 4096), deadline: deadline)
        switch exchange.outcome {
        case .connectFailed(let reason):
            record.note("connection failed (\(reason.prefix(120)))")
            return .unreachable
        case .silent, .unparsable:
            if hint != .unknown { record.note("no banner within \(wait.shortText)") }
            return .notRecognised
        case .message(let bytes):
            if TelnetNegotiationStripper.looksLikeTelnet(bytes) || hint == .telnet {
                let text = BannerText.render(TelnetNegotiationStripper.strip(bytes))
                record.observe(.telnetBanner, text, probe: "telnet banner")
                record.service = "telnet"
                record.detail = text.isEmpty ? nil : String(text.prefix(80))
                return .recognised
            }
            let text = BannerText.render(bytes)
            record.observe(.banner, text, probe: "banner")
            if bytes.starts(with: Array("HTTP/".utf8)) { return .tryNext([.http]) }
            if bytes.starts(with: Array("RTSP/".utf8)) { return .tryNext([.rtsp]) }
            if let service = BannerSignature.service(forBanner: bytes) {
                record.service = service
                record.detail = String(text.prefix(80))
                return .recognised
            }
            return .notRecognised
        }
    }
}
