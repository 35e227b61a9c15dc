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

    func register(on router: Router<BasicRequestContext>) {
        router.get("api/v1/alerts") { request, _ in
            _ = try auth.requireAPI(request)
            return try APIHandlers.encode(try store.alerts())
        }
        router.get("api/v1/deliveries") { request, _ in
            _ = try auth.requireAPI(request, role: .admin)
            return try APIHandlers.encode(try store.deliveries())
        }
        router.get("alerts") { request, _ in
            try dashboard.page(request) { caller in try page(caller) }
        }
        router.post("settings/targets") { request, context in
            let (caller, form) = try await dashboard.adminPost(request, context: context, TargetForm.self)
            do {
                let target = try Self.target(form)
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

    /// A target from the settings form, checked.
    static func target(_ form: TargetForm) throws -> AlertTarget {
        let name = form.name.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(name.count) else { throw HTTPError(.badRequest, message: "a target needs a name") }
        func hostPort(_ text: String, default port: Int) throws -> (String, Int) {
            let parts = text.split(separator: ":")
            guard let host = parts.first.map(String.init), !host.isEmpty, parts.count <= 2 else {
                throw HTTPError(.badRequest, message: "give host:port, e.g. 127.0.0.1:514")
            }
            guard let port = parts.count == 2 ? Int(parts[1]) : port, (1...65535).contains(port) else {
                throw HTTPError(.badRequest, message: "the port must be between 1 and 65535")
            }
            return (host, port)
        }
        switch form.kind {
        case "webhook":
            guard let url = URL(string: form.address), ["http", "https"].contains(url.scheme ?? "") else {
                throw HTTPError(.badRequest, message: "a webhook is an http or https URL")
            }
            guard form.extra.count >= 16 else { throw HTTPError(.badRequest, message: "a webhook secret has at least 16 characters") }
            return AlertTarget(name: name, transport: .webhook(.init(url: form.address, secret: form.extra)))
        case "syslog":
            let (host, port) = try hostPort(form.address, default: 514)
            guard let ipProtocol = AlertTarget.Syslog.IPProtocol(rawValue: form.extra.isEmpty ? "udp" : form.extra) else {
                throw HTTPError(.badRequest, message: "syslog goes over udp or tcp")
            }
            return AlertTarget(name: name, transport: .syslog(.init(host: host, port: port, ipProtocol: ipProtocol)))
        case "email":
            let (host, port) = try hostPort(form.address, default: 587)
            let addresses = form.extra.split(separator: " ").map(String.init)
            guard addresses.count >= 2, addresses.allSatisfy({ $0.contains("@") }) else {
                throw HTTPError(.badRequest, message: "give the sender and the recipients, separated by spaces")
            }
            return AlertTarget(
                name: name, transport: .email(.init(host: host, port: port, from: addresses[0], to: Array(addresses.dropFirst()))))
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
