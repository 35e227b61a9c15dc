import Foundation

/// Vendor logins that are not HTTP Digest/Basic, with the device's lockout counter:
///
/// * `query-credentials`: Foscam HD CGI, `usr` and `pwd` in the query of the command itself
///   (Foscam "IP Camera CGI User Guide"): the route's `reply` on success, `unauthorized` (`<result>-2</result>`)
///   on a wrong login, `locked` while the client is locked. A request without `usr` gets `unauthorized` and is
///   not counted (lab assumption: no source says how the firmware counts it).
/// * `reolink-login`: Reolink `POST /api.cgi?cmd=Login` with a JSON body (Reolink "Camera HTTP API User Guide" v7):
///   `reply` with a fresh `{token}` on success, `unauthorized` (rspCode -7 "login failed") on a wrong login,
///   `locked` (rspCode -506 "Login locked" per the guide's error table) while locked.
/// * `reolink-token`: a command that needs `&token=` from a login: `reply` when the token is open, else
///   `unauthorized` (rspCode -6 "please login first"). `reolink-logout` closes the token.
extension DeviceResponder {
    func vendorLoginAnswer(
        _ route: DeviceProfile.HTTPRoute, request: WireRequest, client: String, template: ReplyTemplate,
        service: DeviceProfile.HTTPService
    ) -> [UInt8] {
        var template = template
        let unauthorized = route.unauthorized ?? service.unauthorized ?? service.notFound
        let locked = route.locked ?? service.locked ?? unauthorized
        let success = route.reply ?? service.notFound
        let reply: DeviceProfile.Reply
        switch route.handler {
        case "query-credentials":
            guard let user = request.queryParameter("usr")?.removingPercentEncoding else {
                reply = unauthorized
                break
            }
            let password = request.queryParameter("pwd")?.removingPercentEncoding ?? ""
            reply = countedLogin(user: user, password: password, client: client, success: success, refused: unauthorized, locked: locked)
        case "reolink-login":
            let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [Any]
            let user = ((object?.first as? [String: Any])?["param"] as? [String: Any])?["User"] as? [String: Any]
            guard let name = user?["userName"] as? String else {
                reply = unauthorized
                break
            }
            reply = countedLogin(
                user: name, password: user?["password"] as? String ?? "", client: client, success: success,
                refused: unauthorized, locked: locked)
            if reply.status == success.status, reply.body == success.body { template.values["token"] = tokens.issue() }
        case "reolink-token":
            reply = request.queryParameter("token").map(tokens.isOpen) == true ? success : unauthorized
        case "reolink-logout":
            if let token = request.queryParameter("token") { tokens.close(token) }
            reply = success
        default:
            reply = service.notFound
        }
        return template.render(reply, defaultVersion: service.version, challenges: service.challenges ?? [])
    }

    /// One login against the profile's credentials, counted toward the device's lockout.
    private func countedLogin(
        user: String, password: String, client: String, success: DeviceProfile.Reply,
        refused: DeviceProfile.Reply, locked: DeviceProfile.Reply
    ) -> DeviceProfile.Reply {
        if state.lockSecondsLeft(client: client) > 0 {
            state.recordAttemptWhileLocked()
            return locked
        }
        if user == (profile.credentials?.user ?? "admin"), password == (profile.credentials?.password ?? "") {
            state.recordSuccess(client: client)
            return success
        }
        return state.recordFailure(client: client) ? locked : refused
    }
}
