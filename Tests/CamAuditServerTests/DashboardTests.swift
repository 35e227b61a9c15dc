import CamAuditCore
@testable import CamAuditServer
import CamAuditStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The dashboard as a browser uses it, through HummingbirdTesting: login (with its CSRF cookie), session
/// cookies, pages, roles, CSRF on every form, API tokens made and revoked, login throttling, escaping.
@Suite("Dashboard and accounts")
struct DashboardTests {
    static let password = "correct horse battery"

    /// A browser: the cookies it was given, sent back on each request.
    final class Browser: @unchecked Sendable {
        let client: any TestClientProtocol
        var cookies: [String: String] = [:]

        init(_ client: any TestClientProtocol) { self.client = client }

        struct Page {
            var status: HTTPResponse.Status
            var body: String
            var headers: HTTPFields
            var location: String? { headers[.location] }
        }

        func request(_ uri: String, method: HTTPRequest.Method = .get, form: [String: String]? = nil, headers extra: HTTPFields = [:])
            async throws
            -> Page
        {
            var headers = extra
            if !cookies.isEmpty {
                headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            }
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                var components = URLComponents()
                components.queryItems = form.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
                body = ByteBuffer(string: components.percentEncodedQuery ?? "")
            }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
                for field in response.headers where field.name == .setCookie {
                    let pair = field.value.split(separator: ";").first.map(String.init) ?? ""
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2 { self.cookies[parts[0]] = parts[1] } else if parts.count == 1 { self.cookies[parts[0]] = "" }
                }
                return Page(status: response.status, body: String(buffer: response.body), headers: response.headers)
            }
        }

        /// The CSRF token of the first form on a page.
        static func csrf(in page: String) -> String? {
            guard let range = page.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
            return String(page[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
        }

        func logIn(_ name: String, _ password: String) async throws -> Page {
            let form = try await request("/login")
            let token = try #require(Self.csrf(in: form.body))
            return try await request("/login", method: .post, form: ["name": name, "password": password, "csrf": token])
        }
    }

    static func withServer(
        _ mode: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol, ScanStore) async throws -> Void
    ) async throws {
        let (store, path) = try APIServerTests.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var hostile = APIServerTests.device(9, maker: "Hikvision", firmware: "<script>alert(1)</script>", findings: [], risk: 10)
        hostile.model = "<img src=x onerror=alert(1)>"
        try store.save(APIServerTests.scan("20261203T100000-cccccc", at: 1_764_756_000, [hostile]))
        _ = try APIServer.createUser(name: "admin", password: password, role: .admin, store: store, settings: APIServerTests.settings)
        _ = try APIServer.createUser(name: "viewer", password: password, role: .viewer, store: store, settings: APIServerTests.settings)
        let app = Application(router: try APIServer.router(store: store, settings: APIServerTests.settings))
        try await app.test(mode) { client in try await body(client, store) }
    }

    @Test func logInSeeTheDevicesAndLogOut() async throws {
        try await Self.withServer { client, _ in
            let browser = Browser(client)
            let before = try await browser.request("/")
            #expect(before.status == .seeOther && before.location == "/login")
            // A session id a client brings is never adopted (session fixation).
            browser.cookies["camaudit_session"] = "chosen-by-an-attacker"
            #expect(try await browser.request("/devices").status == .seeOther)

            let login = try await browser.logIn("admin", Self.password)
            #expect(login.status == .seeOther && login.location == "/")
            let cookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("camaudit_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"), "plain HTTP on loopback: no Secure flag")
            #expect(browser.cookies["camaudit_session"] != "chosen-by-an-attacker")

            let overview = try await browser.request("/")
            #expect(overview.status == .ok)
            #expect(overview.body.contains("covered by a ban"))
            #expect(overview.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            let devices = try await browser.request("/devices?risk=critical")
            #expect(devices.body.contains("127.6.0.2") && !devices.body.contains("127.6.0.3"))
            let device = try await browser.request("/devices/127.6.0.2")
            #expect(device.body.contains("CVE-2021-36260") && device.body.contains("covered"))
            #expect(device.body.contains("firmware V5.5.0 → V5.5.800"))
            let hostile = try await browser.request("/devices")
            #expect(!hostile.body.contains("<script>alert(1)</script>") && !hostile.body.contains("<img src=x"))
            #expect(hostile.body.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(try await browser.request("/scans").body.contains("20261202T100000-bbbbbb"))
            #expect(try await browser.request("/scans/20261202T100000-bbbbbb").body.contains("format=cyclonedx"))
            // The session works for the API too.
            #expect(try await browser.request("/api/v1/devices").status == .ok)

            let csrf = try #require(Browser.csrf(in: overview.body))
            #expect(try await browser.request("/logout", method: .post, form: ["csrf": "wrong"]).status == .forbidden)
            #expect(try await browser.request("/logout", method: .post, form: ["csrf": csrf]).location == "/login")
            #expect(try await browser.request("/").status == .seeOther, "logged out")
        }
    }

    @Test func loginFormsNeedTheirCookieAndWrongPasswordsAreThrottled() async throws {
        try await Self.withServer { client, store in
            let browser = Browser(client)
            let page = try await browser.request("/login")
            let token = try #require(Browser.csrf(in: page.body))
            browser.cookies["camaudit_login"] = "other"
            let forged = try await browser.request(
                "/login", method: .post, form: ["name": "admin", "password": Self.password, "csrf": token])
            #expect(forged.status == .forbidden, "login CSRF: the form's token must match the cookie set with it")

            for _ in 0..<LoginThrottleLimit.value {
                #expect(try await browser.logIn("admin", "wrong password!").status == .unauthorized)
            }
            let throttled = try await browser.logIn("admin", Self.password)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.body.contains("too many failed logins"))
            #expect(try await Browser(client).logIn("viewer", Self.password).status == .seeOther, "other users are not locked")
            #expect(try store.auditLog().filter { $0.action == "login-failed" }.count == LoginThrottleLimit.value)
        }
    }

    @Test func passwordSprayingFromOneAddressIsThrottledThere() async throws {
        // Over real connections from 127.0.0.1: failures spread over many names, each below its name's limit,
        // still add up for the address; then even the right password from there is refused.
        try await Self.withServer(.live) { client, store in
            for index in 0..<20 {
                #expect(try await Browser(client).logIn("user\(index % 4)", "guess \(index)").status == .unauthorized)
            }
            let refused = try await Browser(client).logIn("admin", Self.password)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("too many failed logins from your address"))
            #expect(try store.auditLog().contains { $0.action == "login-refused" && $0.detail.contains("127.0.0.1") })
        }
    }

    @Test func theThrottleCountsByNameAndAddressAndStaysBounded() async {
        let throttle = LoginThrottle()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<4 { await throttle.failed(name: "admin", address: "192.0.2.\(index)", now: start) }
        #expect(await throttle.refusal(name: "admin", address: "192.0.2.9", now: start) == nil)
        await throttle.failed(name: "admin", address: "192.0.2.9", now: start)
        #expect(await throttle.refusal(name: "admin", address: "192.0.2.9", now: start) == .name)
        #expect(await throttle.refusal(name: "viewer", address: "192.0.2.9", now: start) == nil)
        #expect(await throttle.refusal(name: "admin", address: nil, now: start.addingTimeInterval(LoginThrottle.window)) == nil)
        // A spray of random names from one address: refused there after 20, and the tables stay bounded.
        for index in 0..<(LoginThrottle.maximumKeys + 500) {
            await throttle.failed(name: "name\(index)", address: index < 20 ? "198.51.100.7" : "203.0.113.\(index % 200)", now: start)
        }
        #expect(await throttle.refusal(name: "someone", address: "198.51.100.7", now: start) == .address)
        #expect(await throttle.refusal(name: "someone", address: "198.51.100.8", now: start) == nil)
        let counts = await throttle.counts
        #expect(counts.names <= LoginThrottle.maximumKeys && counts.addresses <= LoginThrottle.maximumKeys)
    }

    @Test func rolesCSRFAndAPITokens() async throws {
        try await Self.withServer { client, _ in
            let viewer = Browser(client)
            _ = try await viewer.logIn("viewer", Self.password)
            #expect(try await viewer.request("/settings").status == .forbidden)
            let viewerCSRF = try #require(Browser.csrf(in: try await viewer.request("/").body))
            #expect(
                try await viewer.request("/settings/tokens", method: .post, form: ["csrf": viewerCSRF, "name": "x"]).status == .forbidden)

            let admin = Browser(client)
            _ = try await admin.logIn("admin", Self.password)
            let settings = try await admin.request("/settings")
            #expect(settings.status == .ok)
            let csrf = try #require(Browser.csrf(in: settings.body))
            #expect(try await admin.request("/settings/tokens", method: .post, form: ["name": "ci"]).status == .forbidden, "no CSRF token")
            #expect(
                try await admin.request("/settings/tokens", method: .post, form: ["name": "ci", "csrf": viewerCSRF]).status == .forbidden,
                "another session's token")
            let made = try await admin.request("/settings/tokens", method: .post, form: ["name": "ci", "csrf": csrf])
            #expect(made.status == .ok)
            let secret = try #require(
                made.body.firstMatch(of: /Token &#39;ci&#39;: ([A-Za-z0-9_-]{43})/)?.1
                    ?? made.body.firstMatch(of: /Token 'ci': ([A-Za-z0-9_-]{43})/)?.1)
            let script = Browser(client)
            #expect(try await script.request("/api/v1/scans").status == .unauthorized)
            #expect(try await script.request("/api/v1/scans", headers: [.authorization: "Bearer \(secret)"]).status == .ok)
            #expect(try await script.request("/api/v1/scans", headers: [.authorization: "Bearer \(secret)x"]).status == .unauthorized)

            let listed = try await admin.request("/settings")
            #expect(listed.body.contains("ci") && listed.body.contains("active"))
            let revoke = try await admin.request("/settings/tokens/1/revoke", method: .post, form: ["csrf": csrf])
            #expect(revoke.status == .ok)
            #expect(
                try await script.request("/api/v1/scans", headers: [.authorization: "Bearer \(secret)"]).status == .unauthorized, "revoked")

            let weak = try await admin.request(
                "/settings/users", method: .post, form: ["csrf": csrf, "name": "bob", "password": "short", "role": "viewer"])
            #expect(weak.status == .badRequest && weak.body.contains("at least 12 characters"))
            let added = try await admin.request(
                "/settings/users", method: .post, form: ["csrf": csrf, "name": "bob", "password": "a long enough one", "role": "viewer"])
            #expect(added.status == .ok && added.body.contains("User bob added as viewer"))
            #expect(try await Browser(client).logIn("bob", "a long enough one").status == .seeOther)
            let audit = try await admin.request("/settings")
            for action in ["login", "token-created", "token-revoked", "user-created"] { #expect(audit.body.contains(action)) }
        }
    }
}

/// The throttle's limit, as the tests count it.
enum LoginThrottleLimit {
    static let value = 5
}
