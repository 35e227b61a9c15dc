import CamAuditStore
import Crypto
import Foundation
import Hummingbird
import HummingbirdBcrypt

/// Who is calling: a browser with a session (its forms carry the session's CSRF token) or a script with an
/// API token (`Authorization: Bearer ...`, no cookie, so no CSRF).
enum Caller: Sendable {
    case session(ServerSession, tokenHash: String)
    case token(ServerUser)

    var user: ServerUser {
        switch self {
        case .session(let session, _): return session.user
        case .token(let user): return user
        }
    }

    var csrfToken: String? {
        if case .session(let session, _) = self { return session.csrfToken }
        return nil
    }
}

/// Passwords, sessions, API tokens and CSRF for `camaudit serve`.
///
/// Passwords are hashed with bcrypt (hummingbird-auth); session and API tokens are 32 random bytes, sent to
/// the client once and kept as their SHA-256, so the database holds nothing that logs anyone in. A session
/// is made only when a login succeeds (a session id a client brought before is never adopted: no fixation).
struct Authenticator: Sendable {
    static let sessionCookie = "camaudit_session"
    static let loginCookie = "camaudit_login"

    let store: ScanStore
    let settings: APIServer.Settings
    let throttle: LoginThrottle

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of a token, hexadecimal: what the store keeps.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func hashPassword(_ password: String, cost: UInt8) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Compares without an early exit, so the time does not tell how much of a secret matched.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The caller of `request`, if it carries a valid API token or session cookie.
    func caller(of request: Request) throws -> Caller? {
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), authorization.count > 7 else { return nil }
            let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            do { return try store.user(apiTokenHash: Self.hash(token)).map(Caller.token) } catch { throw APIHandlers.httpError(error) }
        }
        guard let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty else { return nil }
        let tokenHash = Self.hash(cookie)
        do {
            return try store.session(tokenHash: tokenHash).map { Caller.session($0, tokenHash: tokenHash) }
        } catch {
            throw APIHandlers.httpError(error)
        }
    }

    /// For the API: the caller, or 401; with `role: .admin`, 403 for a viewer.
    func requireAPI(_ request: Request, role: UserRole? = nil) throws -> Caller {
        guard let caller = try caller(of: request) else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"camaudit\""],
                message: "log in, or send an API token as 'Authorization: Bearer TOKEN' (Settings makes one)")
        }
        if role == .admin, caller.user.role != .admin { throw HTTPError(.forbidden, message: "this needs the admin role") }
        return caller
    }

    /// A form post from a browser: the session's CSRF token must come back in the `csrf` field.
    func checkCSRF(_ caller: Caller, submitted: String?) throws {
        guard case .session(let session, _) = caller else { return }
        guard let submitted, Self.constantTimeEqual(submitted, session.csrfToken) else {
            throw HTTPError(.forbidden, message: "the form's CSRF token is missing or wrong; reload the page and try again")
        }
    }

    /// Checks a login; on success makes a new session and returns its cookie value.
    /// `client` is the address the request came from (nil when unknown, as in in-process tests).
    func logIn(name: String, password: String, client: String? = nil) async throws -> (user: ServerUser, cookie: String)? {
        let key = name.lowercased()
        switch await throttle.refusal(name: key, address: client) {
        case .address?:
            try? store.audit(user: name, action: "login-refused", detail: "too many failed logins from \(client ?? "?")")
            throw HTTPError(
                .tooManyRequests,
                message: "too many failed logins from your address; wait \(Int(LoginThrottle.window / 60)) minutes and try again")
        case .name?:
            throw HTTPError(
                .tooManyRequests,
                message: "too many failed logins for '\(name)'; wait \(Int(LoginThrottle.window / 60)) minutes and try again")
        case nil:
            break
        }
        let found: (user: ServerUser, passwordHash: String)?
        do { found = try store.credentials(ofUser: name) } catch { throw APIHandlers.httpError(error) }
        // bcrypt runs for unknown users too, so the time does not tell which names exist.
        let hash = found?.passwordHash ?? "$2b$04$abcdefghijklmnopqrstuuVw0nRMNnFQzYcD6uYoD5cU4oE3O0Jx2"
        guard Bcrypt.verify(password, hash: hash), let user = found?.user else {
            await throttle.failed(name: key, address: client)
            try? store.audit(user: name, action: "login-failed", detail: "wrong user or password")
            return nil
        }
        await throttle.succeeded(name: key)
        let cookie = Self.randomToken()
        do {
            try store.createSession(
                tokenHash: Self.hash(cookie), userID: user.id, csrfToken: Self.randomToken(),
                expiresAt: Date().addingTimeInterval(settings.sessionLifetime))
            try store.audit(user: user.name, action: "login", detail: "session started")
        } catch {
            throw APIHandlers.httpError(error)
        }
        return (user, cookie)
    }

    func sessionCookie(_ value: String, maxAge: Int?) -> Cookie {
        Cookie(
            name: Self.sessionCookie, value: value, maxAge: maxAge, path: "/", secure: settings.secureCookies, httpOnly: true,
            sameSite: .strict)
    }
}

/// Failed logins, counted per user name and per client address: after `limit` failures for one name in
/// `window`, logins for that name are refused until the oldest leaves the window; after `addressLimit` failures
/// from one address (whatever names it tried: password spraying), every login from that address is refused
/// the same way. A success clears its name's count, not its address's. Each table keeps at most
/// `maximumKeys` entries, so a spray of random names or addresses costs bounded memory.
actor LoginThrottle {
    static let limit = 5
    static let addressLimit = 20
    static let window: TimeInterval = 15 * 60
    static let maximumKeys = 10_000

    enum Refusal: Equatable {
        case name
        case address
    }

    private var failuresByName: [String: [Date]] = [:]
    private var failuresByAddress: [String: [Date]] = [:]

    /// Why a login for `name` from `address` would be refused now, or nil when it may be tried.
    func refusal(name: String, address: String?, now: Date = Date()) -> Refusal? {
        if let address, Self.recent(&failuresByAddress, address, now).count >= Self.addressLimit { return .address }
        if Self.recent(&failuresByName, name, now).count >= Self.limit { return .name }
        return nil
    }

    func failed(name: String, address: String?, now: Date = Date()) {
        Self.record(&failuresByName, name, now)
        if let address { Self.record(&failuresByAddress, address, now) }
    }

    func succeeded(name: String) { failuresByName[name] = nil }

    /// How many names and addresses the throttle holds (for tests).
    var counts: (names: Int, addresses: Int) { (failuresByName.count, failuresByAddress.count) }

    private static func recent(_ table: inout [String: [Date]], _ key: String, _ now: Date) -> [Date] {
        guard let dates = table[key] else { return [] }
        let recent = dates.filter { now.timeIntervalSince($0) < window }
        table[key] = recent.isEmpty ? nil : recent
        return recent
    }

    private static func record(_ table: inout [String: [Date]], _ key: String, _ now: Date) {
        if table[key] == nil, table.count >= maximumKeys {
            table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
            if table.count >= maximumKeys,
                let stalest = table.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) })?.key
            {
                table[stalest] = nil
            }
        }
        var dates = table[key] ?? []
        dates.append(now)
        // Only the failures that can still count are kept: at most one limit's worth.
        if dates.count > addressLimit { dates.removeFirst(dates.count - addressLimit) }
        table[key] = dates
    }
}
