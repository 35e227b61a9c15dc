import CamAuditCore
import Foundation
import Testing

@testable import CamAuditLab

/// The lab's Reolink token login and Foscam CGI login: the answers the public API guides show, the token
/// life cycle, and the lockout counter.
@Suite("Vendor login lab devices", .serialized)
struct VendorLoginLabTests {
    static func start(_ base: String, _ profiles: [String]) async throws -> Lab {
        try await Lab.start(base: try #require(IPAddress(base)), deviceCount: profiles.count, profiles: profiles)
    }

    static func exchange(_ host: String, _ port: UInt16, _ request: String, from source: String) throws -> String {
        let connection = try RawConnection(host: host, port: port, from: source)
        connection.send(request)
        let reply = connection.receiveReply()
        guard let range = reply.range(of: "\r\n\r\n") else { return reply }
        return String(reply[range.upperBound...])
    }

    static func reolinkLogin(_ password: String) -> String {
        let body = #"[{"cmd":"Login","action":0,"param":{"User":{"Version":"0","userName":"admin","password":"\#(password)"}}}]"#
        return
            "POST /api.cgi?cmd=Login HTTP/1.1\r\nHost: cam\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    @Test func reolinkTokenLoginReadAndLogout() async throws {
        let lab = try await Self.start("127.66.40.0", ["cred-reolink-default"])
        defer { Task { try await lab.shutdown() } }
        let device = lab.devices[0]
        let host = device.address.description
        let port = try #require(device.ports.first { $0 % 10000 == 80 })
        let get = { (query: String) in "GET /api.cgi?\(query) HTTP/1.1\r\nHost: cam\r\nConnection: close\r\n\r\n" }
        // Without a token: rspCode -6 "please login first", as the guide and reolink_aio show.
        let first = try Self.exchange(host, port, get("cmd=GetDevInfo&channel=0"), from: "127.66.41.1")
        #expect(first.contains(#""rspCode" : -6"#) && first.contains("please login first"))
        // The blank factory password is accepted with a token; the token reads DevInfo until logout.
        let login = try Self.exchange(host, port, Self.reolinkLogin(""), from: "127.66.41.1")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(login.utf8)) as? [[String: Any]])
        let token = try #require(((object.first?["value"] as? [String: Any])?["Token"] as? [String: Any])?["name"] as? String)
        #expect(token.count == 15 && login.contains(#""leaseTime" : 3600"#))
        let info = try Self.exchange(host, port, get("cmd=GetDevInfo&channel=0&token=\(token)"), from: "127.66.41.1")
        #expect(info.contains(#""firmVer" : "v3.0.0.136_20121102""#) && info.contains(#""model" : "RLC-410W""#))
        _ = try Self.exchange(
            host, port, "POST /api.cgi?cmd=Logout&token=\(token) HTTP/1.1\r\nHost: cam\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            from: "127.66.41.1")
        let after = try Self.exchange(host, port, get("cmd=GetDevInfo&channel=0&token=\(token)"), from: "127.66.41.1")
        #expect(after.contains("please login first"), "a logged-out token reads nothing")
        // Wrong passwords: -7 "login failed", then -506 once the (assumed) count of 5 is reached.
        var last = ""
        for attempt in 1...5 {
            last = try Self.exchange(host, port, Self.reolinkLogin("wrong-\(attempt)"), from: "127.66.41.2")
            if attempt < 5 { #expect(last.contains(#""rspCode" : -7"#) && last.contains("login failed")) }
        }
        #expect(last.contains(#""rspCode" : -506"#))
        let activity = try #require(lab.activity(at: device.address))
        #expect(activity.lockouts == 1 && activity.refusedLogins == 5)
    }

    @Test func foscamQueryCredentialsLogin() async throws {
        let lab = try await Self.start("127.66.42.0", ["cred-foscam-default"])
        defer { Task { try await lab.shutdown() } }
        let device = lab.devices[0]
        let host = device.address.description
        let port = try #require(device.ports.first { $0 % 10000 == 88 })
        let get = { (query: String) in "GET /cgi-bin/CGIProxy.fcgi?\(query) HTTP/1.1\r\nHost: cam\r\nConnection: close\r\n\r\n" }
        let anonymous = try Self.exchange(host, port, get("cmd=getDevInfo"), from: "127.66.43.1")
        #expect(anonymous.contains("<result>-2</result>"))
        let accepted = try Self.exchange(host, port, get("cmd=getDevInfo&usr=admin&pwd="), from: "127.66.43.1")
        #expect(
            accepted.contains("<result>0</result>") && accepted.contains("<productName>FI9900P</productName>")
                && accepted.contains("<firmwareVer>"))
        var last = ""
        for attempt in 1...5 {
            last = try Self.exchange(host, port, get("cmd=getDevInfo&usr=admin&pwd=wrong\(attempt)"), from: "127.66.43.2")
        }
        #expect(last.contains("<result>-3</result>"))
        let activity = try #require(lab.activity(at: device.address))
        // The anonymous request was not counted; one accepted login, five refused, one lock.
        #expect(activity.loginAttempts == 6 && activity.refusedLogins == 5 && activity.lockouts == 1, "\(activity)")
    }
}
