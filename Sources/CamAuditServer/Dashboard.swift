import CamAuditAlerts
import CamAuditCore
import CamAuditReports
import CamAuditStore
import Foundation
import Hummingbird
import Mustache

/// The dashboard: server-rendered pages (swift-mustache templates in `Templates/`, one inline style sheet, no
/// script and nothing fetched from elsewhere), readable on a phone. Pages need a session; forms carry the
/// session's CSRF token; settings need the admin role.
struct Dashboard: Sendable {
    let store: ScanStore
    let auth: Authenticator
    let jobs: ScanJobs?
    let templates: MustacheLibrary
    /// The device list, device histories and the overview's devices, until the store changes.
    let cache: ReadCache

    init(store: ScanStore, auth: Authenticator, jobs: ScanJobs?, cache: ReadCache = ReadCache()) throws {
        self.store = store
        self.cache = cache
        self.auth = auth
        self.jobs = jobs
        var library = MustacheLibrary()
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw HTTPError(.internalServerError, message: "the dashboard's templates are missing from this build")
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        templates = library
    }

    static let minimumPasswordLength = 12

    /// A new user's name and password, checked before anything is written.
    static func checkNewUser(name: String, password: String) throws {
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }) else {
            throw HTTPError(.badRequest, message: "a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
        guard password.count >= minimumPasswordLength else {
            throw HTTPError(.badRequest, message: "a password has at least \(minimumPasswordLength) characters")
        }
    }

    func register(on router: Router<ServerContext>) {
        router.get("login") { request, _ in try self.loginPage(request, error: nil) }
        router.post("login") { request, context in try await self.logIn(request, context: context) }
        router.post("logout") { request, context in try await self.logOut(request, context: context) }
        router.get("") { request, _ in try self.page(request) { caller in try self.overview(caller) } }
        router.get("devices") { request, _ in try self.page(request) { caller in try self.devices(caller, request) } }
        router.get("devices/:address") { request, context in
            try self.page(request) { caller in try self.device(caller, context.parameters.require("address")) }
        }
        router.get("scans") { request, _ in try self.page(request) { caller in try self.scans(caller, error: nil) } }
        router.get("scans/:id") { request, context in
            guard let caller = try self.auth.caller(of: request) else { return Response.redirect(to: "/login", type: .normal) }
            return try await self.scan(caller, context.parameters.require("id"))
        }
        router.get("settings") { request, _ in
            try self.page(request, role: .admin) { caller in try self.settings(caller, notice: nil, error: nil) }
        }
        router.post("settings/users") { request, context in try await self.addUser(request, context: context) }
        router.post("settings/tokens") { request, context in try await self.addToken(request, context: context) }
        router.post("settings/tokens/:id/revoke") { request, context in try await self.revokeToken(request, context: context) }
    }

    // MARK: Rendering

    func html(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let text = templates.render(values, withTemplate: template) ?? "template \(template) is missing"
        var response = APIHandlers.respond(Data(text.utf8), contentType: "text/html; charset=utf-8", status: status)
        response.headers[.cacheControl] = "no-store"
        // Scripts only from this server (the scan page's live progress), style only inline, no frames: a page
        // cannot be made to load anything from elsewhere.
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return response
    }

    /// Values every page has: who is logged in and the CSRF token for its forms.
    func common(_ caller: Caller, title: String) -> [String: Any] {
        [
            "title": title, "csrf": caller.csrfToken ?? "",
            "user": ["name": caller.user.name, "role": caller.user.role.rawValue, "isAdmin": caller.user.role == .admin],
        ]
    }

    /// A page for a logged-in browser; without a session, a redirect to the login page.
    func page(_ request: Request, role: UserRole? = nil, _ body: (Caller) throws -> Response) throws -> Response {
        guard let caller = try auth.caller(of: request) else { return Response.redirect(to: "/login", type: .normal) }
        if role == .admin, caller.user.role != .admin { throw HTTPError(.forbidden, message: "this page needs the admin role") }
        return try body(caller)
    }

    static func date(_ date: Date) -> String { ReportCoding.dateText(date) }

    /// The alert rules Settings shows: the saved ones, else the defaults.
    func alertRules() -> AlertRules {
        AlertCenter.savedRules(in: store) ?? AlertRules()
    }

    /// When a schedule runs, in words.
    static func every(_ schedule: ScanSchedule) -> String {
        schedule.cron.map { "cron \($0) (UTC)" } ?? "every \(schedule.intervalSeconds / 60) min"
    }

    // MARK: Login

    struct LoginForm: Decodable {
        var name: String
        var password: String
        var csrf: String?
    }

    /// The login form carries a token that must match a cookie set with it (login CSRF: another site cannot
    /// log a browser into an account of its choosing).
    func loginPage(_ request: Request, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let token = Authenticator.randomToken()
        var values: [String: Any] = ["title": "Log in", "loginToken": token]
        if let error { values["error"] = error }
        var response = html("login", values, status: status)
        response.setCookie(
            Cookie(
                name: Authenticator.loginCookie, value: token, path: "/login", secure: auth.settings.secureCookies, httpOnly: true,
                sameSite: .strict))
        return response
    }

    func logIn(_ request: Request, context: ServerContext) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(LoginForm.self, from: request, context: context)
        guard let expected = request.cookies[Authenticator.loginCookie]?.value, let submitted = form.csrf,
            Authenticator.constantTimeEqual(expected, submitted)
        else {
            return try loginPage(request, error: "The login form expired; try again.", status: .forbidden)
        }
        do {
            guard let (_, cookie) = try await auth.logIn(name: form.name, password: form.password, client: context.clientAddress) else {
                return try loginPage(request, error: "Wrong user name or password.", status: .unauthorized)
            }
            var response = Response.redirect(to: "/", type: .normal)
            response.setCookie(auth.sessionCookie(cookie, maxAge: Int(auth.settings.sessionLifetime)))
            return response
        } catch let error as HTTPError where error.status == .tooManyRequests {
            return try loginPage(request, error: error.body ?? "Too many failed logins.", status: .tooManyRequests)
        }
    }

    struct CSRFForm: Decodable {
        var csrf: String?
    }

    func logOut(_ request: Request, context: ServerContext) async throws -> Response {
        guard let caller = try auth.caller(of: request), case .session(_, let tokenHash) = caller else {
            return Response.redirect(to: "/login", type: .normal)
        }
        let form = try await URLEncodedFormDecoder().decode(CSRFForm.self, from: request, context: context)
        try auth.checkCSRF(caller, submitted: form.csrf)
        try store.deleteSession(tokenHash: tokenHash)
        try store.audit(user: caller.user.name, action: "logout", detail: "session ended")
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(auth.sessionCookie("", maxAge: 0))
        return response
    }

    // MARK: Pages

    func overview(_ caller: Caller) throws -> Response {
        var values = common(caller, title: "Overview")
        let scans = try store.scans(limit: 1000)
        if let newest = scans.first {
            let devices = try cache.value("overview-devices", store: store) { () throws -> [DeviceListing] in
                let all = try store.devices(DeviceQuery(limit: DeviceQuery.maximumLimit))
                var devices = all.devices
                var offset = devices.count
                while offset < all.total {
                    let page = try store.devices(DeviceQuery(limit: DeviceQuery.maximumLimit, offset: offset))
                    devices += page.devices
                    offset += page.devices.count
                    if page.devices.isEmpty { break }
                }
                return devices
            }
            let makers = Dictionary(grouping: devices.compactMap(\.manufacturer), by: { $0 }).map {
                ["name": $0.key, "count": $0.value.count]
            }
            .sorted { ($0["count"] as? Int ?? 0) > ($1["count"] as? Int ?? 0) }
            let report = try store.report(id: newest.id)
            let plan = (report.plan?.entries ?? []).reduce(into: [String: [String]]()) { groups, entry in
                groups[entry.group.rawValue, default: []].append(entry.address.description)
            }
            values["latest"] =
                [
                    "id": newest.id, "status": newest.status.rawValue, "scanCount": scans.count, "devices": devices.count,
                    "videoDevices": devices.filter { $0.deviceType.isVideoDevice }.count,
                    "covered": devices.filter { $0.compliance.contains(.covered) }.count,
                    "critical": devices.filter { $0.riskLevel == .critical }.count, "high": devices.filter { $0.riskLevel == .high }.count,
                    "makers": makers,
                    "plan": PlanGroup.allCases.compactMap { group in
                        plan[group.rawValue].map { ["group": group.rawValue, "addresses": $0.joined(separator: ", ")] }
                    },
                ] as [String: Any]
        }
        return html("overview", values)
    }

    func devices(_ caller: Caller, _ request: Request) throws -> Response {
        let parameters = request.uri.queryParameters
        func nonEmpty(_ key: String) -> String? { parameters.get(key).flatMap { $0.isEmpty ? nil : $0 } }
        let offset = Int(nonEmpty("offset") ?? "0").map { max($0, 0) } ?? 0
        let query = DeviceQuery(
            maker: nonEmpty("maker"), deviceType: nonEmpty("type").flatMap(DeviceType.init(rawValue:)),
            riskLevel: nonEmpty("risk").flatMap(RiskLevel.init(rawValue:)), findingID: nonEmpty("finding"),
            compliance: nonEmpty("compliance").flatMap(ComplianceStatus.init(rawValue:)), text: nonEmpty("q"), limit: 100, offset: offset)
        let page = try cache.value("devices \(query)", store: store) { try store.devices(query) }
        var values = common(caller, title: "Devices")
        for key in ["q", "maker", "finding"] { values[key] = nonEmpty(key) ?? "" }
        func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ key: String) -> [[String: Any]] where T.RawValue == String {
            T.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == nonEmpty(key)] }
        }
        values["types"] = options(DeviceType.self, "type")
        values["risks"] = options(RiskLevel.self, "risk")
        values["statuses"] = options(ComplianceStatus.self, "compliance")
        values["total"] = page.total
        if page.total > page.devices.count {
            values["more"] = ["shown": page.devices.count, "from": offset + 1]
        }
        if offset + page.devices.count < page.total {
            var components = URLComponents()
            components.path = "/devices"
            components.queryItems =
                ["q", "maker", "type", "risk", "compliance", "finding"].compactMap { key in
                    nonEmpty(key).map { URLQueryItem(name: key, value: $0) }
                }
                + [URLQueryItem(name: "offset", value: String(offset + page.devices.count))]
            values["next"] = components.string ?? ""
        }
        values["devices"] = page.devices.map { device -> [String: Any] in
            [
                "address": device.address,
                "maker": [device.manufacturer, device.brand.map { "(\($0))" }].compactMap { $0 }.joined(separator: " "),
                "model": device.model ?? "", "firmware": device.firmware ?? "", "deviceType": device.deviceType.rawValue,
                "riskLevel": device.riskLevel?.rawValue ?? "", "riskScore": device.riskScore.map(String.init) ?? "",
                "compliance": device.compliance.map(\.rawValue), "findings": device.findings,
            ]
        }
        return html("devices", values)
    }

    func device(_ caller: Caller, _ text: String) throws -> Response {
        guard let address = IPAddress(text) else { throw HTTPError(.badRequest, message: "'\(text)' is not an IP address") }
        // The page's body is the same for every user: rendered once per change of the store.
        let body = try cache.value("device-html \(address)", store: store) { () throws -> String? in
            try store.deviceHistory(address: address).map {
                templates.render(Self.deviceValues($0, address: address), withTemplate: "device-body") ?? ""
            }
        }
        guard let body else { throw HTTPError(.notFound, message: "no saved scan saw \(address)") }
        var values = common(caller, title: address.description)
        values["body"] = body
        return html("device", values)
    }

    /// What the device page's body shows of a device's history.
    static func deviceValues(_ history: DeviceHistory, address: IPAddress) -> [String: Any] {
        let device = history.latest
        var values: [String: Any] = [:]
        values["address"] = address.description
        values["maker"] = [device.manufacturer, device.brand.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
        values["model"] = device.model ?? ""
        values["firmware"] = device.firmware ?? "unknown"
        values["deviceType"] = device.deviceType.rawValue
        values["riskScore"] = device.risk.map { String($0.score) } ?? "-"
        values["riskLevel"] = device.risk?.level.rawValue ?? ""
        values["verdicts"] = (device.compliance ?? []).map {
            ["ruleSet": $0.ruleSet, "status": $0.status.rawValue, "basis": $0.basis.joined(separator: " ")]
        }
        values["findings"] = device.findings.map {
            ["id": $0.id, "severity": $0.severity.rawValue, "title": $0.title, "evidence": $0.evidence.joined(separator: "; ")]
        }
        values["evidence"] = device.evidence.map { "\($0.field.rawValue) = \($0.value) (\($0.probe), fingerprint \($0.fingerprint))" }
        values["sightings"] = history.sightings.map {
            [
                "scanId": $0.scanId, "seenAt": Self.date($0.seenAt), "firmware": $0.firmware ?? "",
                "findings": $0.findings.joined(separator: ", "), "phoneHome": $0.phoneHome.joined(separator: ", "),
            ]
        }
        values["changes"] = history.changes.reversed().map { change -> [String: Any] in
            let text: String
            switch change.kind {
            case "firmware": text = "firmware \(change.from ?? "unknown") → \(change.to ?? "unknown")"
            case "finding-appeared": text = "new finding \(change.to ?? "")"
            case "phone-home-appeared": text = "sends data to a new destination: \(change.to ?? "")"
            default: text = "finding \(change.from ?? "") fixed"
            }
            return ["seenAt": Self.date(change.seenAt), "text": text]
        }
        return values
    }

    func scans(_ caller: Caller, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let scans = try store.scans(limit: 200)
        var values = common(caller, title: "Scans")
        if let error { values["error"] = error }
        if caller.user.role == .admin, let jobs { values["start"] = ["allowed": jobs.allowedText.joined(separator: " ")] }
        values["scans"] = scans.enumerated().map { index, scan -> [String: Any] in
            var row: [String: Any] = [
                "id": scan.id, "startedAt": Self.date(scan.startedAt), "status": scan.status.rawValue, "deviceCount": scan.deviceCount,
                "videoDeviceCount": scan.videoDeviceCount, "targets": scan.targets.joined(separator: " "),
            ]
            if index + 1 < scans.count { row["previous"] = scans[index + 1].id }
            return row
        }
        return html("scans", values, status: status)
    }

    func scan(_ caller: Caller, _ id: String) async throws -> Response {
        try APIHandlers.checkScanID(id)
        let report: ScanReport
        do { report = try store.report(id: id) } catch { throw APIHandlers.httpError(error) }
        var values = common(caller, title: "Scan \(report.scan.id)")
        values["id"] = report.scan.id
        values["status"] = report.scan.status.rawValue
        values["startedAt"] = Self.date(report.scan.startedAt)
        values["devices"] = report.devices.count
        values["targets"] = report.scan.targets.joined(separator: " ")
        values["formats"] = ReportFormat.allCases.map(\.rawValue)
        values["notes"] = report.scan.notes
        if report.scan.status == .running, await jobs?.watch(report.scan.id) != nil { values["live"] = true }
        return html("scan", values)
    }

    // MARK: Settings (admin)

    func settings(_ caller: Caller, notice: String?, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        var values = common(caller, title: "Settings")
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        values["users"] = try store.users().map { ["name": $0.name, "role": $0.role.rawValue, "createdAt": Self.date($0.createdAt)] }
        values["tokens"] = try store.apiTokens().map { token -> [String: Any] in
            [
                "id": token.id, "name": token.name, "userName": token.userName, "createdAt": Self.date(token.createdAt),
                "state": token.revokedAt.map { "revoked \(Self.date($0))" } ?? "active", "active": token.revokedAt == nil,
            ]
        }
        if let jobs { values["allowed"] = jobs.allowedText.joined(separator: ", ") }
        values["targets"] = try store.alertTargets().map { ["id": $0.id, "name": $0.name, "kind": $0.kind] as [String: Any] }
        let rules = alertRules()
        values["alertKinds"] = AlertRules.allDetected.map(\.rawValue).sorted().map { kind -> [String: Any] in
            ["kind": kind, "on": rules.enabled.contains { $0.rawValue == kind }]
        }
        values["severities"] = Severity.allCases.map { ["value": $0.rawValue, "selected": $0 == rules.minimumSeverity] as [String: Any] }
        values["schedules"] = try store.schedules().map { schedule -> [String: Any] in
            [
                "id": schedule.id, "targets": schedule.targets.joined(separator: " "), "every": Self.every(schedule),
                "next": Self.date(schedule.nextRunAt), "last": schedule.lastScanId ?? "-", "missed": schedule.missedRuns,
            ]
        }
        values["audit"] = try store.auditLog(limit: 50).map {
            ["at": Self.date($0.at), "user": $0.user ?? "-", "action": $0.action, "detail": $0.detail]
        }
        return html("settings", values, status: status)
    }

    /// An admin's form post: the caller, after the role and CSRF checks.
    func adminPost<Form: Decodable>(_ request: Request, context: ServerContext, _ type: Form.Type) async throws -> (Caller, Form) {
        guard let caller = try auth.caller(of: request) else { throw HTTPError(.unauthorized, message: "log in first") }
        guard caller.user.role == .admin else { throw HTTPError(.forbidden, message: "this needs the admin role") }
        let data = try await request.body.collect(upTo: 64 * 1024)
        let fields = try URLEncodedFormDecoder().decode(CSRFForm.self, from: String(buffer: data))
        try auth.checkCSRF(caller, submitted: fields.csrf)
        return (caller, try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: data)))
    }

    struct NewUserForm: Decodable {
        var name: String
        var password: String
        var role: String
    }

    func addUser(_ request: Request, context: ServerContext) async throws -> Response {
        let (caller, form) = try await adminPost(request, context: context, NewUserForm.self)
        guard let role = UserRole(rawValue: form.role) else { throw HTTPError(.badRequest, message: "role is admin or viewer") }
        do {
            try Self.checkNewUser(name: form.name, password: form.password)
            _ = try store.createUser(
                name: form.name, passwordHash: Authenticator.hashPassword(form.password, cost: auth.settings.bcryptCost), role: role)
        } catch let error as HTTPError {
            return try settings(caller, notice: nil, error: error.body, status: .badRequest)
        } catch let error as StoreError {
            return try settings(caller, notice: nil, error: error.description, status: .badRequest)
        }
        try store.audit(user: caller.user.name, action: "user-created", detail: "\(form.name) (\(role.rawValue))")
        return try settings(caller, notice: "User \(form.name) added as \(role.rawValue).", error: nil)
    }

    struct NewTokenForm: Decodable {
        var name: String
    }

    func addToken(_ request: Request, context: ServerContext) async throws -> Response {
        let (caller, form) = try await adminPost(request, context: context, NewTokenForm.self)
        let name = form.name.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(name.count) else {
            return try settings(caller, notice: nil, error: "A token needs a name.", status: .badRequest)
        }
        let token = try APIServer.createAPIToken(for: caller.user, name: name, store: store)
        return try settings(caller, notice: "Token '\(name)': \(token) (copy it now; it is not shown again).", error: nil)
    }

    func revokeToken(_ request: Request, context: ServerContext) async throws -> Response {
        let (caller, _) = try await adminPost(request, context: context, CSRFForm.self)
        guard let id = Int64(try context.parameters.require("id")) else { throw HTTPError(.badRequest, message: "a token id is a number") }
        guard try store.revokeAPIToken(id: id) else {
            return try settings(caller, notice: nil, error: "No active token has the id \(id).", status: .notFound)
        }
        try store.audit(user: caller.user.name, action: "token-revoked", detail: "token \(id)")
        return try settings(caller, notice: "Token \(id) revoked.", error: nil)
    }
}
