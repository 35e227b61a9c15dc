import CamAuditCore
import Foundation

/// Authenticated reads whose login is not HTTP Digest/Basic: Foscam's CGI (credentials in the query of the
/// read-only command) and Reolink's token API (login, one read, logout). Answer shapes: Foscam "IP Camera CGI
/// User Guide" (`<CGI_Result><result>0</result>...`, -2 for a wrong user name or password); Reolink "Camera HTTP
/// API User Guide" v7 (`[{"cmd":"Login","code":0,"value":{"Token":{"name":...}}}]`, errors as `code` 1 with
/// `error.rspCode`).
extension AuthenticatedReadSession {
    /// The path as the notes show it: query credentials and tokens are cut off.
    static func shown(_ path: String) -> String {
        guard let range = path.range(of: "&usr=") ?? path.range(of: "&token=") else { return path }
        return String(path[..<range.lowerBound])
    }

    func readFoscam(_ request: AuthenticatedReadMethod.Request, credential: CredentialEntry, result: inout AuthenticatedReadResult) async
        -> Outcome
    {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        let base = request.paths[0]
        let path = "\(base)&usr=\(encode(credential.user))&pwd=\(encode(credential.password))"
        result.attempts += 1
        let answer = await reader.exchange(plainRequest("GET", path, authorization: nil), session: self)
        guard let response = answer.message else { return .unavailable("no HTTP answer to \(base)") }
        let text = WebAnswerReader.bodyText(response.body, limit: response.body.count)
        guard response.status == 200, text.contains("<CGI_Result>"), let code = XMLElementTextExtractor.text(of: "result", in: text) else {
            // Not Foscam's CGI: nothing was refused.
            result.attempts -= 1
            return .unavailable("\(base) answered \(response.status) without a <CGI_Result>")
        }
        switch code.trimmingCharacters(in: .whitespaces) {
        case "0":
            return .accepted(
                AuthenticatedAnswer.observations(
                    from: response, request: request, port: port,
                    probe: "GET \(base) (Foscam CGI as \(credential.user)\(provenance))"))
        case "-2": return .refused(lock: AuthenticatedAnswer.signalsLock(response))
        case "-3": return .refused(lock: true)  // access deny: stop, as for a lock
        default: return .unavailable("\(base) answered <result>\(code)</result>")
        }
    }

    /// Login, one read with the token, logout, on the first API path that answers as Reolink's API.
    func readReolink(_ request: AuthenticatedReadMethod.Request, credential: CredentialEntry, result: inout AuthenticatedReadResult) async
        -> Outcome
    {
        var last = Outcome.unavailable("no Reolink API path answered")
        for path in request.paths {
            last = await readReolink(request, path: path, credential: credential, result: &result)
            guard case .unavailable = last else { return last }
        }
        return last
    }

    private func readReolink(
        _ request: AuthenticatedReadMethod.Request, path: String, credential: CredentialEntry,
        result: inout AuthenticatedReadResult
    ) async -> Outcome {
        let api = String(path.prefix { $0 != "?" })
        let login =
            #"[{"cmd":"Login","action":0,"param":{"User":{"Version":"0","userName":"\#(Self.jsonEscaped(credential.user))","password":"\#(Self.jsonEscaped(credential.password))"}}}]"#
        result.attempts += 1
        let answer = await reader.exchange(
            plainRequest("POST", "\(api)?cmd=Login", authorization: nil, body: login, contentType: "application/json"), session: self)
        guard let response = answer.message else {
            result.attempts -= 1
            return .unavailable("no HTTP answer to the Reolink login on \(api)")
        }
        guard response.status == 200, let first = Self.firstCommand(response.body) else {
            result.attempts -= 1
            return .unavailable("the Reolink login on \(api) answered \(response.status) without the API's JSON")
        }
        guard (first["code"] as? NSNumber)?.intValue == 0, let value = first["value"] as? [String: Any],
            let token = (value["Token"] as? [String: Any])?["name"] as? String, !token.isEmpty
        else {
            guard first["error"] is [String: Any] else { return .unavailable("the Reolink login answer has neither a token nor an error") }
            let code = ((first["error"] as? [String: Any])?["rspCode"] as? NSNumber)?.intValue
            // -105 frequent logins, -506 login locked, -507 login reach max: stop at once.
            return .refused(lock: [-105, -506, -507].contains(code ?? 0) || AuthenticatedAnswer.signalsLock(response))
        }
        let encodedToken = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let read = await reader.exchange(plainRequest("GET", "\(path)&token=\(encodedToken)", authorization: nil), session: self)
        // Log out whatever the read gave: the check leaves no session behind.
        _ = await reader.exchange(
            plainRequest(
                "POST", "\(api)?cmd=Logout&token=\(encodedToken)", authorization: nil,
                body: #"[{"cmd":"Logout","action":0,"param":{}}]"#, contentType: "application/json"), session: self)
        // The login was accepted: even when the read fails, no other path is tried (that would be another login).
        guard let info = read.message, info.status == 200 else { return .accepted([]) }
        return .accepted(
            AuthenticatedAnswer.observations(
                from: info, request: request, port: port,
                probe: "Reolink API GetDevInfo (token login as \(credential.user)\(provenance))"))
    }

    static func firstCommand(_ body: [UInt8]) -> [String: Any]? {
        guard body.count <= 64 * 1024, let array = (try? JSONSerialization.jsonObject(with: Data(body))) as? [Any] else { return nil }
        return array.first as? [String: Any]
    }

    static func jsonEscaped(_ text: String) -> String { JSONStringText.escaped(text) }
}
