import CamAuditCatalog
import CamAuditCore
import CamAuditProbes
import Foundation

/// The requests of the default-credential check on one device: unauthenticated probes that find the
/// login methods, and single login attempts. Passwords only enter `Authorization` headers, digests
/// and the Dahua hash; nothing here writes them into a note.
struct DeviceLoginSession {
    let client: WireClient
    let host: IPAddress
    let stepTimeout: Duration
    /// The lock signals of the device's vendor (and of every vendor).
    let signals: [LockoutPolicy.Signal]
    private(set) var requestsSent = 0

    init(client: WireClient, host: IPAddress, stepTimeout: Duration, signals: [LockoutPolicy.Signal]) {
        self.client = client
        self.host = host
        self.stepTimeout = stepTimeout
        self.signals = signals
    }

    /// What an unauthenticated request to a protected resource showed.
    enum Probe {
        /// 401 with usable Digest or Basic challenges (the body's lock reading included).
        case challenge([AuthenticationChallenge], LoginLockSignalReader.Reading)
        /// The device answered, but not with a login challenge (200, 404, ...): not a login method.
        case noLogin(status: Int)
        case noAnswer(String)
    }

    /// How one login attempt went.
    enum AttemptResult {
        case accepted(String)
        case refused(LoginLockSignalReader.Reading)
        /// The device was locked before the attempt was sent (nothing sent with credentials).
        case lockedBefore(LoginLockSignalReader.Reading)
        /// The method did not behave as a login (no challenge, 404, no answer): not an attempt.
        case unavailable(String)
    }

    // MARK: Requests

    mutating func send(_ bytes: [UInt8], port: UInt16, useTLS: Bool) async -> WireAnswer {
        requestsSent += 1
        return await client.send(bytes, to: host, port: port, useTLS: useTLS, deadline: ContinuousClock.now + stepTimeout)
    }

    func httpRequest(
        _ method: String, _ path: String, port: UInt16, authorization: String? = nil,
        contentType: String? = nil, body: String? = nil
    ) -> [UInt8] {
        var text =
            "\(method) \(path) HTTP/1.1\r\nHost: \(HTTPRequestText.authority(host, port))\r\nUser-Agent: \(HTTPRequestText.userAgent)\r\n"
            + "Accept: */*\r\nConnection: close\r\n"
        if let authorization { text += "Authorization: \(authorization)\r\n" }
        if let contentType { text += "Content-Type: \(contentType)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        return Array((text + "\r\n" + (body ?? "")).utf8)
    }

    private func rtspURL(port: UInt16, path: String) -> String {
        "rtsp://\(HTTPRequestText.authority(host, port))\(path)"
    }

    private func rtspDescribe(port: UInt16, path: String, cseq: Int, authorization: String?) -> [UInt8] {
        var text =
            "DESCRIBE \(rtspURL(port: port, path: path)) RTSP/1.0\r\nCSeq: \(cseq)\r\nUser-Agent: \(HTTPRequestText.userAgent)\r\nAccept: application/sdp\r\n"
        if let authorization { text += "Authorization: \(authorization)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    func reading(_ response: HTTPResponse) -> LoginLockSignalReader.Reading {
        LoginLockSignalReader.read(String(decoding: response.body.prefix(LoginLockSignalReader.readLimit), as: UTF8.self), signals: signals)
    }

    private static func loginChallenges(_ response: HTTPResponse) -> [AuthenticationChallenge] {
        AuthenticationChallenge.parse(headerValues: response.values(of: "WWW-Authenticate"))
            .filter { ["digest", "basic"].contains($0.scheme.lowercased()) }
    }

    /// The Authorization value for the best challenge: Digest when offered, so the password never travels in clear
    /// when the device allows otherwise.
    private static func authorization(_ challenges: [AuthenticationChallenge], user: String, password: String, method: String, uri: String)
        -> (String, String)?
    {
        if let digest = challenges.first(where: { $0.scheme.lowercased() == "digest" }),
            let value = CredentialDigest.digestAuthorization(challenge: digest, user: user, password: password, method: method, uri: uri)
        {
            return (value, "Digest")
        }
        if challenges.contains(where: { $0.scheme.lowercased() == "basic" }) {
            return (CredentialDigest.basicAuthorization(user: user, password: password), "Basic")
        }
        return nil
    }

    // MARK: Probes (no credentials)

    /// GET without credentials.
    mutating func probeHTTP(port: UInt16, useTLS: Bool, path: String) async -> Probe {
        let answer = await send(httpRequest("GET", path, port: port), port: port, useTLS: useTLS)
        guard let response = answer.response else { return .noAnswer(answer.problem ?? "no answer") }
        let challenges = Self.loginChallenges(response)
        let lock = reading(response)
        if response.status == 401, !challenges.isEmpty || lock.locked { return .challenge(challenges, lock) }
        return .noLogin(status: response.status)
    }

    /// DESCRIBE without credentials.
    mutating func probeRTSP(port: UInt16, path: String) async -> Probe {
        let answer = await send(rtspDescribe(port: port, path: path, cseq: 1, authorization: nil), port: port, useTLS: false)
        guard let response = answer.response, response.isRTSP else { return .noAnswer(answer.problem ?? "no RTSP answer") }
        let challenges = Self.loginChallenges(response)
        if response.status == 401, !challenges.isEmpty { return .challenge(challenges, reading(response)) }
        return .noLogin(status: response.status)
    }

    /// Dahua login step 1 (user name only): a challenge means the RPC2 login is offered; it may also show a lock.
    mutating func probeDahua(port: UInt16, useTLS: Bool) async -> Probe {
        let body =
            #"{"method":"global.login","params":{"userName":"admin","password":"","clientType":"Web3.0","loginType":"Direct"},"id":1}"#
        let answer = await send(
            httpRequest("POST", "/RPC2_Login", port: port, contentType: "application/json", body: body), port: port, useTLS: useTLS)
        guard let response = answer.response else { return .noAnswer(answer.problem ?? "no answer") }
        let lock = reading(response)
        if lock.locked { return .challenge([], lock) }
        guard response.status == 200, let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
            let params = object["params"] as? [String: Any], params["random"] is String, params["realm"] is String,
            (params["encryption"] as? String ?? "Default") == "Default"
        else { return .noLogin(status: response.status) }
        return .challenge([], lock)
    }

    /// ONVIF GetDeviceInformation without a token: true when the device refuses it (so a login is possible).
    mutating func probeONVIF(port: UInt16, useTLS: Bool) async -> Probe {
        let body =
            #"<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>"#
        let answer = await send(
            httpRequest("POST", "/onvif/device_service", port: port, contentType: "application/soap+xml; charset=utf-8", body: body),
            port: port, useTLS: useTLS)
        guard let response = answer.response else { return .noAnswer(answer.problem ?? "no answer") }
        let text = String(decoding: response.body.prefix(8192), as: UTF8.self)
        if [400, 401, 403, 500].contains(response.status), text.contains("NotAuthorized") || text.contains("FailedAuthentication") {
            return .challenge([], reading(response))
        }
        return .noLogin(status: response.status)
    }

    // MARK: Attempts

    mutating func attempt(user: String, password: String, via method: LoginMethod) async -> AttemptResult {
        switch method {
        case .httpGet(let port, let useTLS, let path):
            return await attemptHTTP(user: user, password: password, port: port, useTLS: useTLS, path: path)
        case .dahuaRPC2(let port, let useTLS): return await attemptDahua(user: user, password: password, port: port, useTLS: useTLS)
        case .onvif(let port, let useTLS): return await attemptONVIF(user: user, password: password, port: port, useTLS: useTLS)
        case .rtspDescribe(let port, let path): return await attemptRTSP(user: user, password: password, port: port, path: path)
        case .reolinkAPI(let port, let useTLS, let path):
            return await attemptReolink(user: user, password: password, port: port, useTLS: useTLS, path: path)
        case .foscamCGI(let port, let useTLS): return await attemptFoscam(user: user, password: password, port: port, useTLS: useTLS)
        }
    }

    /// A fresh challenge (stale nonces would read as refusals), then one authenticated GET.
    private mutating func attemptHTTP(user: String, password: String, port: UInt16, useTLS: Bool, path: String) async -> AttemptResult {
        let challenges: [AuthenticationChallenge]
        switch await probeHTTP(port: port, useTLS: useTLS, path: path) {
        case .challenge(let found, let lock):
            if lock.locked { return .lockedBefore(lock) }
            challenges = found
        case .noLogin(let status): return .unavailable("GET \(path) answered \(status) without a login challenge")
        case .noAnswer(let reason): return .unavailable("GET \(path): \(reason)")
        }
        guard case let (authorization, scheme)? = Self.authorization(challenges, user: user, password: password, method: "GET", uri: path)
        else {
            return .unavailable("GET \(path) offers no usable Digest or Basic challenge")
        }
        let answer = await send(httpRequest("GET", path, port: port, authorization: authorization), port: port, useTLS: useTLS)
        guard let response = answer.response else { return .unavailable("no answer to the login on GET \(path)") }
        switch response.status {
        case 200: return .accepted("\(scheme) login answered 200")
        case 401, 403: return .refused(reading(response))
        default: return .unavailable("the login on GET \(path) answered \(response.status)")
        }
    }

    private mutating func attemptRTSP(user: String, password: String, port: UInt16, path: String) async -> AttemptResult {
        let challenges: [AuthenticationChallenge]
        switch await probeRTSP(port: port, path: path) {
        case .challenge(let found, let lock):
            if lock.locked { return .lockedBefore(lock) }
            challenges = found
        case .noLogin(let status): return .unavailable("DESCRIBE answered \(status) without a login challenge")
        case .noAnswer(let reason): return .unavailable("DESCRIBE: \(reason)")
        }
        let uri = rtspURL(port: port, path: path)
        guard
            case let (authorization, scheme)? = Self.authorization(challenges, user: user, password: password, method: "DESCRIBE", uri: uri)
        else {
            return .unavailable("DESCRIBE offers no usable Digest or Basic challenge")
        }
        let answer = await send(rtspDescribe(port: port, path: path, cseq: 2, authorization: authorization), port: port, useTLS: false)
        guard let response = answer.response, response.isRTSP else { return .unavailable("no RTSP answer to the login") }
        switch response.status {
        case 200: return .accepted("\(scheme) DESCRIBE answered 200")
        case 401, 403: return .refused(reading(response))
        default: return .unavailable("the RTSP login answered \(response.status)")
        }
    }

    private mutating func attemptONVIF(user: String, password: String, port: UInt16, useTLS: Bool) async -> AttemptResult {
        let body = AuthenticatedUsernameToken.getDeviceInformation(user: user, password: password)
        let answer = await send(
            httpRequest("POST", "/onvif/device_service", port: port, contentType: "application/soap+xml; charset=utf-8", body: body),
            port: port, useTLS: useTLS)
        guard let response = answer.response else { return .unavailable("ONVIF GetDeviceInformation gave no answer") }
        let text = String(decoding: response.body.prefix(16384), as: UTF8.self)
        if response.status == 200, text.contains("GetDeviceInformationResponse") { return .accepted("GetDeviceInformation answered 200") }
        if [400, 401, 403, 500].contains(response.status), text.contains("NotAuthorized") || text.contains("FailedAuthentication") {
            return .refused(reading(response))
        }
        return .unavailable("ONVIF GetDeviceInformation answered \(response.status)")
    }

    /// Step 1 for the user, step 2 with the Dahua hash; an accepted session is logged out at once.
    private mutating func attemptDahua(user: String, password: String, port: UInt16, useTLS: Bool) async -> AttemptResult {
        let body =
            #"{"method":"global.login","params":{"userName":"\#(Self.jsonEscaped(user))","password":"","clientType":"Web3.0","loginType":"Direct"},"id":1}"#
        let first = await send(
            httpRequest("POST", "/RPC2_Login", port: port, contentType: "application/json", body: body), port: port, useTLS: useTLS)
        guard let challenge = first.response, challenge.status == 200 else { return .unavailable("RPC2_Login step 1 gave no answer") }
        let lock = reading(challenge)
        if lock.locked { return .lockedBefore(lock) }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(challenge.body))) as? [String: Any],
            let params = object["params"] as? [String: Any], let random = params["random"] as? String,
            let realm = params["realm"] as? String,
            let session = object["session"]
        else { return .unavailable("RPC2_Login step 1 gave no challenge") }
        let sessionText = Self.jsonValue(session)
        let inner = CredentialDigest.md5Hex("\(user):\(realm):\(password)").uppercased()
        let hash = CredentialDigest.md5Hex("\(user):\(random):\(inner)").uppercased()
        let second =
            #"{"method":"global.login","params":{"userName":"\#(Self.jsonEscaped(user))","password":"\#(hash)","clientType":"Web3.0","loginType":"Direct","authorityType":"Default","passwordType":"Default"},"id":2,"session":\#(sessionText)}"#
        let answer = await send(
            httpRequest("POST", "/RPC2_Login", port: port, contentType: "application/json", body: second), port: port, useTLS: useTLS)
        guard let response = answer.response, response.status == 200,
            let result = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        else { return .unavailable("RPC2_Login step 2 gave no JSON answer") }
        if (result["result"] as? Bool) == true {
            // Close the session we just opened: the check leaves nothing behind.
            let logout = #"{"method":"global.logout","params":null,"id":3,"session":\#(Self.jsonValue(result["session"] ?? session))}"#
            _ = await send(
                httpRequest("POST", "/RPC2", port: port, contentType: "application/json", body: logout), port: port, useTLS: useTLS)
            return .accepted("RPC2 global.login answered result true (session logged out at once)")
        }
        return .refused(reading(response))
    }

    /// A JSON session value as it was received: numbers stay numbers, strings are quoted.
    private static func jsonValue(_ value: Any) -> String {
        if let number = value as? NSNumber { return number.stringValue }
        if let text = value as? String { return "\"\(jsonEscaped(text))\"" }
        return "0"
    }

    static func jsonEscaped(_ text: String) -> String { JSONStringText.escaped(text) }
}
