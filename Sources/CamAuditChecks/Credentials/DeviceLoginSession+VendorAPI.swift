import CamAuditProbes
import Foundation

/// The vendor logins that are not HTTP Digest/Basic: Reolink's JSON API and Foscam's CGI.
///
/// Answer shapes: Reolink "Camera HTTP API User Guide" v7 (as shipped in starkillerOG/reolink_aio `doc/`):
/// `[{"cmd":"Login","code":0,"value":{"Token":{"leaseTime":3600,"name":"..."}}}]` on success,
/// `[{"cmd":"Login","code":1,"error":{"detail":"login failed","rspCode":-7}}]` on a wrong password,
/// `"please login first"` (rspCode -6) for a command without a token. Foscam "IP Camera CGI User Guide"
/// (HD models): `<CGI_Result><result>N</result>...` with 0 success, -2 user name or password error,
/// -3 access deny.
extension DeviceLoginSession {
    /// The API's paths: reolink_aio uses `/cgi-bin/api.cgi`; the API guide also documents `/api.cgi`.
    static let reolinkAPIPaths = ["/cgi-bin/api.cgi", "/api.cgi"]

    /// Reolink `GetDevInfo` without a token: "please login first" means the token login is offered.
    mutating func probeReolink(port: UInt16, useTLS: Bool, path: String) async -> Probe {
        let answer = await send(httpRequest("GET", "\(path)?cmd=GetDevInfo&channel=0", port: port), port: port, useTLS: useTLS)
        guard let response = answer.response else { return .noAnswer(answer.problem ?? "no answer") }
        let lock = reading(response)
        if lock.locked { return .challenge([], lock) }
        guard response.status == 200, let first = Self.reolinkFirstCommand(response.body) else { return .noLogin(status: response.status) }
        let error = first["error"] as? [String: Any]
        let code = (error?["rspCode"] as? NSNumber)?.intValue
        let detail = (error?["detail"] as? String ?? "").lowercased()
        return code == -6 || detail.contains("login first") ? .challenge([], lock) : .noLogin(status: response.status)
    }

    /// One token login; an accepted one is logged out at once so the check leaves no session behind.
    mutating func attemptReolink(user: String, password: String, port: UInt16, useTLS: Bool, path: String) async -> AttemptResult {
        let body =
            #"[{"cmd":"Login","action":0,"param":{"User":{"Version":"0","userName":"\#(Self.jsonEscaped(user))","password":"\#(Self.jsonEscaped(password))"}}}]"#
        let answer = await send(
            httpRequest("POST", "\(path)?cmd=Login", port: port, contentType: "application/json", body: body),
            port: port, useTLS: useTLS)
        guard let response = answer.response else { return .unavailable("the Reolink login gave no answer") }
        let lock = reading(response)
        guard response.status == 200, let first = Self.reolinkFirstCommand(response.body) else {
            if lock.locked { return .refused(lock) }
            return .unavailable("the Reolink login answered \(response.status) without the API's JSON")
        }
        let code = (first["code"] as? NSNumber)?.intValue
        if code == 0, let value = first["value"] as? [String: Any], let token = value["Token"] as? [String: Any],
            let name = token["name"] as? String, !name.isEmpty
        {
            let logout = #"[{"cmd":"Logout","action":0,"param":{}}]"#
            let logoutPath = "\(path)?cmd=Logout&token=" + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            _ = await send(
                httpRequest("POST", logoutPath, port: port, contentType: "application/json", body: logout), port: port, useTLS: useTLS)
            return .accepted("Reolink API Login answered code 0 with a token (session logged out at once)")
        }
        guard code != nil, first["error"] is [String: Any] else {
            return .unavailable("the Reolink login answer has neither a token nor an error")
        }
        return .refused(lock)
    }

    /// One read-only CGI command with the credentials in the query string, as Foscam's API takes them.
    mutating func attemptFoscam(user: String, password: String, port: UInt16, useTLS: Bool) async -> AttemptResult {
        let path = Self.foscamPath(command: "getDevInfo", user: user, password: password)
        let answer = await send(httpRequest("GET", path, port: port), port: port, useTLS: useTLS)
        guard let response = answer.response else { return .unavailable("Foscam CGI gave no answer") }
        let text = String(decoding: response.body.prefix(LoginLockSignalReader.readLimit), as: UTF8.self)
        let lock = reading(response)
        guard response.status == 200, text.contains("<CGI_Result>"), let result = LoginLockSignalReader.elementText("result", in: text)
        else {
            if lock.locked { return .refused(lock) }
            return .unavailable("Foscam CGI answered \(response.status) without a <CGI_Result>")
        }
        switch result {
        case "0": return .accepted("Foscam CGI getDevInfo answered <result>0</result>")
        case "-2": return .refused(lock)
        case "-3":
            // "Access deny" after a login: the firmware refuses this client now; treat it as a lock and stop.
            return .refused(
                LoginLockSignalReader.Reading(locked: true, attemptsLeft: lock.attemptsLeft, marker: "<result>-3</result> (access deny)"))
        default: return .unavailable("Foscam CGI answered <result>\(result)</result>")
        }
    }

    /// `/cgi-bin/CGIProxy.fcgi?cmd=<command>&usr=<user>&pwd=<password>`, both percent-encoded.
    static func foscamPath(command: String, user: String, password: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "/cgi-bin/CGIProxy.fcgi?cmd=\(command)&usr=\(encode(user))&pwd=\(encode(password))"
    }

    /// The first object of a Reolink answer (a JSON array of command results), bounded in size.
    static func reolinkFirstCommand(_ body: [UInt8]) -> [String: Any]? {
        guard body.count <= 64 * 1024, let array = (try? JSONSerialization.jsonObject(with: Data(body))) as? [Any] else { return nil }
        return array.first as? [String: Any]
    }
}
