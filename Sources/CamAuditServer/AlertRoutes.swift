import CamAuditAlerts
import CamAuditCore
import CamAuditStore
import Foundation
import Hummingbird

/// Alerts in the API and the dashboard: the list, the deliveries, and (admin) the targets with a test button.
struct AlertRoutes: Sendable {
    let store: ScanStore
    let auth: Authenticator
    let center: AlertCenter
    let dashboard: Dashboard

    struct TargetForm: Decodable {
        var name: String
        var kind: String
        /// webhook: the URL; syslog: host:port; email: the SMTP host:port.
        var address: String
        /// webhook: the signing secret; syslog: udp or tcp; email: from and to, "from to".
        var extra: String
    }

    func register(on router: Router<ServerContext>) {
        router.get("api/v1/alerts") { request, _ in
            _ = try auth.requireAPI(request)
            return try APIHandlers.encode(try store.alerts())
        }
        router.get("api/v1/deliveries") { request, _ in
            _ = try auth.requireAPI(request, role: .admin)
            return try APIHandlers.encode(try store.deliveries())
        }
        router.get("api/v1/alert-rules") { request, _ in
            _ = try auth.requireAPI(request)
            return try APIHandlers.encode(RulesBody(center.currentRules()))
        }
        router.put("api/v1/alert-rules") { request, context in
            let caller = try auth.requireAPI(request, role: .admin)
            try auth.checkCSRF(caller, submitted: request.headers[.csrfToken])
            let body = try await request.decode(as: RulesBody.self, context: context)
            let rules = try body.rules()
            try center.save(rules)
            try store.audit(user: caller.user.name, action: "alert-rules-changed", detail: RulesBody(rules).summary)
            return try APIHandlers.encode(RulesBody(rules))
        }
        router.post("settings/alert-rules") { request, context in
            let (caller, form) = try await dashboard.adminPost(request, context: context, RulesForm.self)
            do {
                let rules = try RulesBody(enabled: form.enabled, minimumSeverity: form.severity).rules()
                try center.save(rules)
                try store.audit(user: caller.user.name, action: "alert-rules-changed", detail: RulesBody(rules).summary)
                return try dashboard.settings(caller, notice: "Alert rules saved: \(RulesBody(rules).summary).", error: nil)
            } catch let error as HTTPError {
                return try dashboard.settings(caller, notice: nil, error: error.body, status: .badRequest)
            }
        }
        router.get("api/v1/alert-targets") { request, _ in
            _ = try auth.requireAPI(request, role: .admin)
            return try APIHandlers.encode(try store.alertTargets().map(TargetListing.init))
        }
        router.post("api/v1/alert-targets") { request, context in
            let caller = try auth.requireAPI(request, role: .admin)
            try auth.checkCSRF(caller, submitted: request.headers[.csrfToken])
            let form = try await request.decode(as: TargetForm.self, context: context)
            let target = try Self.target(form)
            try Self.checkNameIsFree(target.name, store: store)
            let id: Int64
            do {
                id = try store.saveAlertTarget(name: target.name, kind: target.kind, configuration: try JSONEncoder().encode(target))
            } catch let error as StoreError { throw HTTPError(.badRequest, message: error.description) }
            try store.audit(user: caller.user.name, action: "alert-target-added", detail: "\(target.name) (\(target.kind))")
            var response = try APIHandlers.encode(TargetListing(id: id, name: target.name, kind: target.kind))
            response.status = .created
            return response
        }
        router.post("api/v1/alert-targets/:id/test") { request, context in
            let caller = try auth.requireAPI(request, role: .admin)
            try auth.checkCSRF(caller, submitted: request.headers[.csrfToken])
            guard let id = Int64(try context.parameters.require("id")), try store.alertTargets().contains(where: { $0.id == id }) else {
                throw HTTPError(.notFound, message: "no alert target has that id")
            }
            let record = try await center.test(targetID: id)
            try store.audit(user: caller.user.name, action: "alert-target-tested", detail: "\(record.target): \(record.outcome.rawValue)")
            return try APIHandlers.encode(TestOutcome(target: record.target, outcome: record.outcome.rawValue, error: record.error))
        }
        router.delete("api/v1/alert-targets/:id") { request, context in
            let caller = try auth.requireAPI(request, role: .admin)
            try auth.checkCSRF(caller, submitted: request.headers[.csrfToken])
            guard let id = Int64(try context.parameters.require("id")), try store.deleteAlertTarget(id: id) else {
                throw HTTPError(.notFound, message: "no alert target has that id")
            }
            try store.audit(user: caller.user.name, action: "alert-target-deleted", detail: "target \(id)")
            return Response(status: .noContent)
        }
        router.get("alerts") { request, _ in
            try dashboard.page(request) { caller in try page(caller) }
        }
        router.post("settings/targets") { request, context in
            let (caller, form) = try await dashboard.adminPost(request, context: context, TargetForm.self)
            do {
                let target = try Self.target(form)
                try Self.checkNameIsFree(target.name, store: store)
                _ = try store.saveAlertTarget(name: target.name, kind: target.kind, configuration: try JSONEncoder().encode(target))
                try store.audit(user: caller.user.name, action: "alert-target-added", detail: "\(target.name) (\(target.kind))")
                return try dashboard.settings(caller, notice: "Alert target \(target.name) added.", error: nil)
            } catch let error as HTTPError {
                return try dashboard.settings(caller, notice: nil, error: error.body, status: .badRequest)
            } catch let error as StoreError {
                return try dashboard.settings(caller, notice: nil, error: error.description, status: .badRequest)
            }
        }
        router.post("settings/targets/:id/test") { request, context in
            let (caller, _) = try await dashboard.adminPost(request, context: context, Dashboard.CSRFForm.self)
            guard let id = Int64(try context.parameters.require("id")) else {
                throw HTTPError(.badRequest, message: "a target id is a number")
            }
            let record = try await center.test(targetID: id)
            try store.audit(user: caller.user.name, action: "alert-target-tested", detail: "\(record.target): \(record.outcome.rawValue)")
            return record.outcome == .delivered
                ? try dashboard.settings(caller, notice: "Test alert delivered to \(record.target).", error: nil)
                : try dashboard.settings(
                    caller, notice: nil, error: "Test alert to \(record.target) failed: \(record.error ?? "no reason given")")
        }
        router.post("settings/targets/:id/delete") { request, context in
            let (caller, _) = try await dashboard.adminPost(request, context: context, Dashboard.CSRFForm.self)
            guard let id = Int64(try context.parameters.require("id")), try store.deleteAlertTarget(id: id) else {
                return try dashboard.settings(caller, notice: nil, error: "No alert target has that id.", status: .notFound)
            }
            try store.audit(user: caller.user.name, action: "alert-target-deleted", detail: "target \(id)")
            return try dashboard.settings(caller, notice: "Alert target \(id) deleted.", error: nil)
        }
    }

    /// The alert rules as the API reads and writes them.
    struct RulesBody: Codable {
        /// The kinds that raise alerts.
        var enabled: [String]
        /// New findings below this severity raise nothing.
        var minimumSeverity: String

        init(enabled: [String], minimumSeverity: String) {
            self.enabled = enabled
            self.minimumSeverity = minimumSeverity
        }

        init(_ rules: AlertRules) {
            self.init(enabled: rules.enabled.map(\.rawValue).sorted(), minimumSeverity: rules.minimumSeverity.rawValue)
        }

        /// Checked: known kinds (not `test`, which only the test button sends) and a severity.
        func rules() throws -> AlertRules {
            var kinds: Set<AlertKind> = []
            for name in enabled {
                guard let kind = AlertKind(rawValue: name), AlertRules.allDetected.contains(kind) else {
                    let known = AlertRules.allDetected.map(\.rawValue).sorted().joined(separator: ", ")
                    throw HTTPError(.badRequest, message: "'\(name)' is not an alert kind; use \(known)")
                }
                kinds.insert(kind)
            }
            guard let severity = Severity(rawValue: minimumSeverity) else {
                let known = Severity.allCases.map(\.rawValue).joined(separator: ", ")
                throw HTTPError(.badRequest, message: "'\(minimumSeverity)' is not a severity; use \(known)")
            }
            return AlertRules(enabled: kinds, minimumSeverity: severity)
        }

        var summary: String {
            (enabled.isEmpty ? "no alerts" : enabled.joined(separator: ", ")) + "; new findings from \(minimumSeverity)"
        }
    }

    /// The Settings form: one checkbox per kind (present when ticked) and the severity.
    struct RulesForm: Decodable {
        var severity: String
        var enabled: [String]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            severity = try container.decode(String.self, forKey: Key(stringValue: "severity"))
            enabled = AlertRules.allDetected.map(\.rawValue).sorted().filter { container.contains(Key(stringValue: "kind-\($0)")) }
        }
    }

    /// An alert target as the API lists it: never its secret, URL or addresses.
    struct TargetListing: Encodable {
        var id: Int64
        var name: String
        var kind: String

        init(id: Int64, name: String, kind: String) {
            self.id = id
            self.name = name
            self.kind = kind
        }

        init(_ stored: StoredAlertTarget) {
            self.init(id: stored.id, name: stored.name, kind: stored.kind)
        }
    }

    /// What a test delivery came to.
    struct TestOutcome: Encodable {
        var target: String
        var outcome: String
        var error: String?
    }

    /// Names are unique: a second target of the same name is a conflict (409), said as such.
    static func checkNameIsFree(_ name: String, store: ScanStore) throws {
        let taken: Bool
        do { taken = try store.alertTargets().contains { $0.name == name } } catch { throw APIHandlers.httpError(error) }
        if taken { throw HTTPError(.conflict, message: "an alert target named '\(name)' exists; delete it first or choose another name") }
    }

    /// White space as the OpenAPI document's patterns (ECMA-262 `\\s`) count it.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .spaceSeparator || "\t\n\u{0B}\u{0C}\r\u{2028}\u{2029}\u{FEFF}".unicodeScalars.contains(scalar)
    }

    /// A target from the settings form, checked.
    static func target(_ form: TargetForm) throws -> AlertTarget {
        let name = form.name.trimmingCharacters(in: .whitespaces)
        // Counted in code points, as the document's maxLength counts them.
        guard (1...64).contains(form.name.unicodeScalars.count), name.unicodeScalars.contains(where: { !Self.isBlank($0) }) else {
            throw HTTPError(.badRequest, message: "a target needs a name")
        }
        guard !form.name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw HTTPError(.badRequest, message: "a target's name has no control characters")
        }
        // Each field is checked as the OpenAPI document's pattern for it reads, no more and no less: on
        // code points, as the patterns see them (a Character may join a '/' to the mark that follows it).
        typealias Scalars = ArraySlice<Unicode.Scalar>
        func scalars(_ text: String) -> Scalars { Scalars(text.unicodeScalars) }
        func split(_ text: Scalars, _ separator: Unicode.Scalar) -> [Scalars] {
            text.split(separator: separator, omittingEmptySubsequences: false)
        }
        func isHost(_ text: Scalars) -> Bool {
            !text.isEmpty && !text.contains { $0 == ":" || $0 == "/" || Self.isBlank($0) }
        }
        func port(_ text: Scalars) -> Int? {
            guard let first = text.first, ("1"..."9").contains(first), text.count <= 5, text.allSatisfy({ ("0"..."9").contains($0) }),
                let port = Int(String(String.UnicodeScalarView(text))), port <= 65535
            else { return nil }
            return port
        }
        func hostPort(_ text: String, default defaultPort: Int) throws -> (String, Int) {
            let parts = split(scalars(text), ":")
            guard parts.count <= 2, !parts[0].isEmpty, !parts[0].contains(where: Self.isBlank) else {
                throw HTTPError(.badRequest, message: "give host:port, e.g. 127.0.0.1:514")
            }
            guard let port = parts.count == 2 ? port(parts[1]) : defaultPort else {
                throw HTTPError(.badRequest, message: "the port must be between 1 and 65535")
            }
            return (String(String.UnicodeScalarView(parts[0])), port)
        }
        func isWebhookURL(_ text: String) -> Bool {
            let all = scalars(text)
            guard let scheme = ["http://", "https://"].first(where: { all.starts(with: $0.unicodeScalars) }) else { return false }
            let rest = all.dropFirst(scheme.unicodeScalars.count)
            let authority = rest.prefix { $0 != "/" }
            let path = rest.dropFirst(authority.count)
            let parts = split(authority, ":")
            guard parts.count <= 2, isHost(parts[0]), parts.count == 1 || port(parts[1]) != nil else { return false }
            return !path.contains(where: Self.isBlank)
        }
        func isMailbox(_ text: Scalars) -> Bool {
            let parts = split(text, "@")
            return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && !$0.contains(where: Self.isBlank) }
        }
        switch form.kind {
        case "webhook":
            guard isWebhookURL(form.address) else {
                throw HTTPError(.badRequest, message: "a webhook is an http or https URL (http://host[:port]/path)")
            }
            guard form.extra.unicodeScalars.count >= 16 else {
                throw HTTPError(.badRequest, message: "a webhook secret has at least 16 characters")
            }
            return AlertTarget(name: name, transport: .webhook(.init(url: form.address, secret: form.extra)))
        case "syslog":
            let (host, port) = try hostPort(form.address, default: 514)
            guard let ipProtocol = AlertTarget.Syslog.IPProtocol(rawValue: form.extra.isEmpty ? "udp" : form.extra) else {
                throw HTTPError(.badRequest, message: "syslog goes over udp or tcp")
            }
            return AlertTarget(name: name, transport: .syslog(.init(host: host, port: port, ipProtocol: ipProtocol)))
        case "email":
            let (host, port) = try hostPort(form.address, default: 587)
            let addresses = split(scalars(form.extra), " ")
            guard addresses.count >= 2, addresses.allSatisfy(isMailbox) else {
                throw HTTPError(.badRequest, message: "give the sender and the recipients (name@host), separated by single spaces")
            }
            return AlertTarget(
                name: name,
                transport: .email(
                    .init(
                        host: host, port: port, from: String(String.UnicodeScalarView(addresses[0])),
                        to: addresses.dropFirst().map { String(String.UnicodeScalarView($0)) })))
        default:
            throw HTTPError(.badRequest, message: "a target is a webhook, syslog or email")
        }
    }

    func page(_ caller: Caller) throws -> Response {
        var values = dashboard.common(caller, title: "Alerts")
        values["alerts"] = try store.alerts().map { alert -> [String: Any] in
            [
                "time": Dashboard.date(alert.time), "kind": alert.kind, "severity": alert.severity, "address": alert.address,
                "summary": alert.summary, "scanId": alert.scanId,
            ]
        }
        if caller.user.role == .admin {
            values["deliveries"] = try store.deliveries(limit: 50).map { delivery -> [String: Any] in
                [
                    "time": Dashboard.date(delivery.time), "target": delivery.target, "key": delivery.alertKey, "attempt": delivery.attempt,
                    "outcome": delivery.outcome, "error": delivery.error ?? "",
                ]
            }
        }
        return dashboard.html("alerts", values)
    }
}
