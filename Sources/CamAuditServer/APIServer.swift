import CamAuditCore
import CamAuditReports
import CamAuditStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOCore
import NIOSSL

/// `camaudit serve`: the saved scans over HTTP, as JSON under `/api/v1` (described by the OpenAPI 3.1
/// document at `/api/v1/openapi.json`, kept in the repository as `Sources/CamAuditServer/openapi.json`).
///
/// Read-only for now: the store `camaudit scan` writes, its scans, reports in every format, diffs, and a
/// device list with each device's history across scans; the dashboard's pages (`Dashboard`) beside it.
/// Everything but `/healthz` and the login page needs a user: a session cookie or an API token.
public enum APIServer {
    /// Where the server listens: loopback unless told otherwise.
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        /// Session cookies carry `Secure` (set when the server is behind TLS).
        public var secureCookies: Bool
        /// bcrypt's cost for new passwords (12: about a quarter of a second on this project's 2-core machine).
        public var bcryptCost: UInt8
        /// How long a login lasts.
        public var sessionLifetime: TimeInterval
        /// PEM files of the certificate chain and its private key: the server speaks HTTPS (and cookies are `Secure`).
        public var tls: (certificateChain: String, privateKey: String)?

        public static let defaultPort = 8750

        public init(
            host: String = "127.0.0.1", port: Int = Self.defaultPort, secureCookies: Bool = false, bcryptCost: UInt8 = 12,
            sessionLifetime: TimeInterval = 12 * 3600
        ) {
            self.host = host
            self.port = port
            self.secureCookies = secureCookies
            self.bcryptCost = bcryptCost
            self.sessionLifetime = sessionLifetime
        }
    }

    /// The routes over `store`: the API, the dashboard and the login.
    public static func router(
        store: ScanStore, settings: Settings = Settings(), jobs: ScanJobs? = nil, alerts: AlertCenter? = nil
    ) throws -> Router<ServerContext> {
        let alerts = alerts ?? AlertCenter(store: store)
        let router = Router(context: ServerContext.self)
        router.add(middleware: try MethodNotAllowed())
        let auth = Authenticator(store: store, settings: settings, throttle: LoginThrottle())
        let cache = ReadCache()
        let api = APIHandlers(store: store, cache: cache)
        router.get("healthz") { _, _ in try api.health() }
        router.get("api/v1/openapi.json") { _, _ in try APIHandlers.openAPIDocument() }
        router.get("api/v1/scans") { request, _ in
            _ = try auth.requireAPI(request)
            return try api.scans(request)
        }
        router.get("api/v1/scans/:id") { request, context in
            _ = try auth.requireAPI(request)
            return try api.scan(context.parameters.require("id"))
        }
        router.get("api/v1/scans/:id/report") { request, context in
            _ = try auth.requireAPI(request)
            return try api.report(context.parameters.require("id"), request)
        }
        // Hummingbird's trie wants one parameter name per position: the older scan is `:id` here too.
        router.get("api/v1/scans/:id/diff/:newer") { request, context in
            _ = try auth.requireAPI(request)
            return try api.diff(context.parameters.require("id"), context.parameters.require("newer"))
        }
        router.get("api/v1/plan") { request, _ in
            _ = try auth.requireAPI(request)
            return try api.plan(request)
        }
        router.get("api/v1/devices") { request, _ in
            _ = try auth.requireAPI(request)
            return try api.devices(request)
        }
        router.get("api/v1/devices/:address") { request, context in
            _ = try auth.requireAPI(request)
            return try api.device(context.parameters.require("address"))
        }
        let dashboard = try Dashboard(store: store, auth: auth, jobs: jobs, cache: cache)
        dashboard.register(on: router)
        ScanRoutes(store: store, auth: auth, jobs: jobs, dashboard: dashboard).register(on: router)
        AlertRoutes(store: store, auth: auth, center: alerts, dashboard: dashboard).register(on: router)
        TrafficPage(store: store, dashboard: dashboard).register(on: router)
        return router
    }

    /// Makes a user (the first admin comes from `camaudit serve --init-admin NAME`), with its password hashed.
    public static func createUser(
        name: String, password: String, role: UserRole, store: ScanStore, settings: Settings = Settings()
    ) throws -> ServerUser {
        try Dashboard.checkNewUser(name: name, password: password)
        let user = try store.createUser(
            name: name, passwordHash: Authenticator.hashPassword(password, cost: settings.bcryptCost), role: role)
        try store.audit(user: nil, action: "user-created", detail: "\(name) (\(role.rawValue))")
        return user
    }

    /// Starts a dashboard session for a user and returns the cookie's value (benchmarks and tests; a browser
    /// gets one by logging in).
    public static func createSession(for user: ServerUser, store: ScanStore, settings: Settings = Settings()) throws -> String {
        let cookie = Authenticator.randomToken()
        try store.createSession(
            tokenHash: Authenticator.hash(cookie), userID: user.id, csrfToken: Authenticator.randomToken(),
            expiresAt: Date().addingTimeInterval(settings.sessionLifetime))
        return cookie
    }

    /// Makes an API token for a user and returns its secret (shown once; only its hash is kept).
    public static func createAPIToken(for user: ServerUser, name: String, store: ScanStore) throws -> String {
        let token = Authenticator.randomToken()
        _ = try store.createAPIToken(userID: user.id, name: name, tokenHash: Authenticator.hash(token))
        try store.audit(user: user.name, action: "token-created", detail: name)
        return token
    }

    /// The whole server: `runService()` serves until SIGINT or SIGTERM, then stops gracefully. `onRunning`
    /// gets the port it listens on (the one asked for, or the one the system chose for port 0).
    public static func application(
        store: ScanStore, settings: Settings, jobs: ScanJobs? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var settings = settings
        var server = HTTPServerBuilder.http1()
        if let tls = settings.tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChain).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.privateKey, format: .pem)
            server = try .tls(.http1(), tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
            settings.secureCookies = true
        }
        return Application(
            router: try router(store: store, settings: settings, jobs: jobs), server: server,
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "camaudit"),
            onServerRunning: { [port = settings.port] channel in await onRunning(channel.localAddress?.port ?? port) })
    }
}

/// The handlers behind the routes; each answers JSON or an `HTTPError` with a sentence.
struct APIHandlers: Sendable {
    let store: ScanStore
    /// The device list and device histories, as encoded JSON, until the store changes.
    var cache = ReadCache()

    static let json = "application/json; charset=utf-8"

    static func respond(_ data: Data, contentType: String = json, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func encode(_ value: some Encodable) throws -> Response {
        respond(try encoded(value))
    }

    static func encoded(_ value: some Encodable) throws -> Data {
        var data = try ReportCoding.makeEncoder(pretty: true).encode(value)
        data.append(0x0a)
        return data
    }

    /// A store error as the HTTP status a client can act on.
    static func httpError(_ error: StoreError) -> HTTPError {
        switch error {
        case .notFound: return HTTPError(.notFound, message: error.description)
        case .ambiguous: return HTTPError(.badRequest, message: error.description)
        default: return HTTPError(.internalServerError, message: error.description)
        }
    }

    func health() throws -> Response {
        do {
            let scans = try store.scans(limit: 1)
            return try Self.encode(["status": "ok", "newestScan": scans.first?.id ?? ""])
        } catch {
            return Self.respond(Data("{\"status\":\"unavailable\"}\n".utf8), status: .serviceUnavailable)
        }
    }

    static func openAPIDocument() throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw HTTPError(.internalServerError, message: "the OpenAPI document is missing from this build")
        }
        return respond(try Data(contentsOf: url))
    }

    func scans(_ request: Request) throws -> Response {
        let limit = try Self.integer(request, "limit", default: 50, in: 1...1000)
        let scans: [StoredScan]
        do { scans = try store.scans(limit: limit) } catch { throw Self.httpError(error) }
        return try Self.encode(scans)
    }

    func scan(_ id: String) throws -> Response {
        try Self.checkScanID(id)
        do { return Self.respond(try JSONReport.encode(try store.report(id: id))) } catch let error as StoreError {
            throw Self.httpError(error)
        }
    }

    func report(_ id: String, _ request: Request) throws -> Response {
        try Self.checkScanID(id)
        let name = request.uri.queryParameters.get("format") ?? "html"
        guard let format = ReportFormat(rawValue: name) else {
            let known = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(.badRequest, message: "format '\(name)' is not a report format; use one of \(known)")
        }
        let report: ScanReport
        do { report = try store.report(id: id) } catch { throw Self.httpError(error) }
        var response = Self.respond(try format.render(report), contentType: Self.contentType(format))
        response.headers[.contentDisposition] = "inline; filename=\"camaudit-\(report.scan.id).\(Self.fileExtension(format))\""
        return response
    }

    func diff(_ older: String, _ newer: String) throws -> Response {
        try Self.checkScanID(older)
        try Self.checkScanID(newer)
        do {
            let diff = ScanDiff(older: try store.report(id: older), newer: try store.report(id: newer))
            return Self.respond(try ScanDiffJSON.encode(diff))
        } catch let error as StoreError {
            throw Self.httpError(error)
        }
    }

    func devices(_ request: Request) throws -> Response {
        let parameters = request.uri.queryParameters
        func word<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T? where T.RawValue == String {
            guard let text = parameters.get(key) else { return nil }
            guard let value = T(rawValue: text) else {
                let known = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw HTTPError(.badRequest, message: "\(key) '\(text)' is not known; use one of \(known)")
            }
            return value
        }
        let query = DeviceQuery(
            maker: parameters.get("maker"), deviceType: try word("type", DeviceType.self), riskLevel: try word("risk", RiskLevel.self),
            findingID: parameters.get("finding"), compliance: try word("compliance", ComplianceStatus.self), text: parameters.get("q"),
            order: try word("sort", DeviceQuery.Order.self) ?? .risk,
            limit: try Self.integer(request, "limit", default: 50, in: 1...DeviceQuery.maximumLimit),
            offset: try Self.integer(request, "offset", default: 0, in: 0...Int(Int32.max)))
        let body: Data
        do {
            body = try cache.value("api-devices \(query)", store: store) { try Self.encoded(try store.devices(query)) }
        } catch let error as StoreError { throw Self.httpError(error) }
        return Self.respond(body)
    }

    /// The replacement plan of a scan: `?scan=ID`, else the newest scan that ran to its end.
    struct PlanResponse: Encodable {
        var scanId: String
        var startedAt: Date
        var status: ScanStatus
        var plan: ReplacementPlan
    }

    func plan(_ request: Request) throws -> Response {
        let id: String
        do {
            if let asked = request.uri.queryParameters.get("scan") {
                try Self.checkScanID(asked)
                id = asked
            } else {
                let ended = try store.scans(limit: 1000).first { $0.status == .completed || $0.status == .deadline }
                guard let ended else { throw HTTPError(.notFound, message: "no saved scan has run to its end yet") }
                id = ended.id
            }
            let report = try store.report(id: id)
            let plan = report.plan ?? ReplacementPlan(entries: [], counts: [:], countsBySubnet: [:])
            return try Self.encode(
                PlanResponse(scanId: report.scan.id, startedAt: report.scan.startedAt, status: report.scan.status, plan: plan))
        } catch let error as StoreError { throw Self.httpError(error) }
    }

    func device(_ text: String) throws -> Response {
        // A device's id is its address: anything else names no device (404, as an unknown address).
        guard let address = IPAddress(text) else {
            throw HTTPError(.notFound, message: "no device is named '\(text)'; devices are named by their IP address")
        }
        let body: Data?
        do {
            body = try cache.value("api-device \(address)", store: store) { try store.deviceHistory(address: address).map(Self.encoded) }
        } catch let error as StoreError { throw Self.httpError(error) }
        guard let body else { throw HTTPError(.notFound, message: "no saved scan saw \(address)") }
        return Self.respond(body)
    }

    static func checkScanID(_ id: String) throws {
        guard ScanStore.isScanIDOrPrefix(id) else {
            throw HTTPError(.badRequest, message: "'\(id)' is not a scan id (letters, digits and '-', as GET /api/v1/scans lists them)")
        }
    }

    static func integer(_ request: Request, _ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters.get(key) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw HTTPError(.badRequest, message: "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    static func contentType(_ format: ReportFormat) -> String {
        switch format {
        case .table: return "text/plain; charset=utf-8"
        case .json: return json
        case .csv: return "text/csv; charset=utf-8"
        case .markdown: return "text/markdown; charset=utf-8"
        case .html: return "text/html; charset=utf-8"
        case .cyclonedx: return "application/vnd.cyclonedx+json"
        }
    }

    static func fileExtension(_ format: ReportFormat) -> String {
        switch format {
        case .table: return "txt"
        case .json: return "json"
        case .csv: return "csv"
        case .markdown: return "md"
        case .html: return "html"
        case .cyclonedx: return "cdx.json"
        }
    }
}
