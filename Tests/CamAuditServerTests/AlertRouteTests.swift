import CamAuditCore
import CamAuditServer
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Alerts in the server: raised between two scans of the same targets (the first is a baseline), listed by
/// the API and the dashboard, targets added from Settings (checked) and tested with the test button.
@Suite("Server alerts")
struct AlertRouteTests {
    @Test func alertsAreRaisedListedAndTargetsTested() async throws {
        let (store, path) = try APIServerTests.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let center = AlertCenter(store: store)
        let first = try store.report(id: "20261201T100000-aaaaaa")
        #expect(await center.scanEnded(first).isEmpty, "the first scan of a target set is a baseline")
        let raised = await center.scanEnded(try store.report(id: "20261202T100000-bbbbbb"))
        let kinds = Set(raised.map(\.kind.rawValue))
        #expect(kinds.isSuperset(of: ["new-device", "firmware-changed", "new-finding"]), "\(kinds)")
        #expect(try store.alerts().count == raised.count)
        _ = await center.scanEnded(try store.report(id: "20261202T100000-bbbbbb"))
        #expect(try store.alerts().count == raised.count, "the same scan does not raise its alerts twice")

        _ = try APIServer.createUser(
            name: "admin", password: DashboardTests.password, role: .admin, store: store, settings: APIServerTests.settings)
        let app = Application(router: try APIServer.router(store: store, settings: APIServerTests.settings, alerts: center))
        try await app.test(.router) { client in
            let browser = DashboardTests.Browser(client)
            _ = try await browser.logIn("admin", DashboardTests.password)
            let page = try await browser.request("/alerts")
            #expect(page.status == .ok)
            #expect(page.body.contains("firmware-changed") && page.body.contains("127.6.0.4"))
            let api = try await browser.request("/api/v1/alerts")
            let listed = try ReportCoding.makeDecoder().decode([StoredAlert].self, from: Data(api.body.utf8))
            #expect(listed.count == raised.count)

            let settings = try await browser.request("/settings")
            let csrf = try #require(DashboardTests.Browser.csrf(in: settings.body))
            let weak = try await browser.request(
                "/settings/targets", method: .post,
                form: ["csrf": csrf, "name": "hook", "kind": "webhook", "address": "http://127.0.0.1:9/hook", "extra": "short"])
            #expect(weak.status == .badRequest && weak.body.contains("at least 16 characters"))
            let added = try await browser.request(
                "/settings/targets", method: .post,
                form: ["csrf": csrf, "name": "siem", "kind": "syslog", "address": "127.0.0.1:9", "extra": "tcp"])
            #expect(added.status == .ok && added.body.contains("Alert target siem added"))
            // Nothing listens on port 9 over TCP: the test delivery fails, says why, and is logged.
            let tested = try await browser.request("/settings/targets/1/test", method: .post, form: ["csrf": csrf])
            #expect(tested.body.contains("Test alert to siem failed"))
            #expect(try store.deliveries().first?.outcome == "failed")
            #expect(try await browser.request("/settings/targets/1/test", method: .post, form: ["csrf": "forged"]).status == .forbidden)
        }
    }
}
