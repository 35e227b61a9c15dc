import Foundation

/// Dahua `/RPC2_Login` two-step JSON login (Greenbone NVT 'Amcrest Technologies IP Camera Default Credentials') with the lockout counter.
extension DeviceResponder {
    func dahuaLoginAnswer(_ request: WireRequest, client: String, template: ReplyTemplate) -> [UInt8] {
        guard let login = profile.dahuaLogin else { return Array("HTTP/1.1 404 Not Found\r\n\r\n".utf8) }
        var template = template
        let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let params = object["params"] as? [String: Any] ?? [:]
        let userName = params["userName"] as? String ?? ""
        let password = params["password"] as? String ?? ""
        let session: String? = (object["session"] as? String) ?? (object["session"] as? Int).map(String.init)
        template.values["session"] = session ?? "0"
        template.values["id"] = (object["id"] as? Int).map(String.init) ?? "1"
        let realm = template.fill(login.realm)
        template.values["realm"] = realm

        let body: String
        if state.lockSecondsLeft(client: client) > 0 {
            if !password.isEmpty { state.recordAttemptWhileLocked() }
            body = login.locked
        } else if let session, let random = state.dahuaRandom(session: session), !password.isEmpty {
            template.values["session"] = session
            let user = profile.credentials?.user ?? "admin"
            let inner = MessageDigest.md5Hex("\(user):\(realm):\(profile.credentials?.password ?? "")").uppercased()
            let expected = MessageDigest.md5Hex("\(user):\(random):\(inner)").uppercased()
            if userName == user, password.uppercased() == expected {
                state.recordSuccess(client: client)
                body = login.success
            } else {
                body = state.recordFailure(client: client) ? login.locked : login.wrongPassword
            }
        } else {
            // Step 1, or anything we cannot tie to a challenge (e.g. the NetKeyboard request): send the challenge.
            let random = String(Int.random(in: 1_000_000...9_999_999))
            template.values["random"] = random
            template.values["session"] = state.openDahuaSession(random: random)
            body = login.challenge
        }
        let reply = DeviceProfile.Reply(version: nil, status: 200, reason: "OK", headers: login.headers, body: body)
        return template.render(reply, defaultVersion: profile.http?.version ?? "HTTP/1.1", challenges: [])
    }
}
