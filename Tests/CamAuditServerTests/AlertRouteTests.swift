import CamAuditAlerts
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

    @Test func alertRulesChosenInSettingsOrTheAPIDecideWhatIsRaised() async throws {
        let (store, path) = try APIServerTests.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let center = AlertCenter(store: store)
        #expect(center.currentRules() == AlertRules(), "every kind, new findings from high, until changed")
        let admin = try APIServer.createUser(
            name: "admin", password: DashboardTests.password, role: .admin, store: store, settings: APIServerTests.settings)
        let viewer = try APIServer.createUser(
            name: "viewer", password: DashboardTests.password, role: .viewer, store: store, settings: APIServerTests.settings)
        let adminToken = try APIServer.createAPIToken(for: admin, name: "a", store: store)
        let viewerToken = try APIServer.createAPIToken(for: viewer, name: "v", store: store)
        let app = Application(router: try APIServer.router(store: store, settings: APIServerTests.settings, alerts: center))
        try await app.test(.router) { client in
            func put(_ json: String, token: String) async throws -> (HTTPResponse.Status, Data) {
                try await client.execute(
                    uri: "/api/v1/alert-rules", method: .put,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: json)
                ) { response in (response.status, Data(response.body.readableBytesView)) }
            }
            // Only firmware changes, and new findings only when critical.
            let rules = #"{"enabled":["firmware-changed","new-finding"],"minimumSeverity":"critical"}"#
            #expect(try await put(rules, token: viewerToken).0 == .forbidden, "a viewer cannot change them")
            #expect(try await put(#"{"enabled":["test"],"minimumSeverity":"high"}"#, token: adminToken).0 == .badRequest)
            #expect(try await put(#"{"enabled":[],"minimumSeverity":"dire"}"#, token: adminToken).0 == .badRequest)
            let saved = try await put(rules, token: adminToken)
            #expect(saved.0 == .ok)
            try APIServerTests.checkAgainstOpenAPI(saved.1, schema: "AlertRules")
            try await client.execute(uri: "/api/v1/alert-rules", method: .get, headers: [.authorization: "Bearer \(viewerToken)"]) {
                response in
                #expect(String(buffer: response.body).contains(#""minimumSeverity" : "critical""#))
            }
            // The next scans follow them: the firmware change and the critical finding, not the new device or the high one.
            _ = await center.scanEnded(try store.report(id: "20261201T100000-aaaaaa"))
            let raised = await center.scanEnded(try store.report(id: "20261202T100000-bbbbbb"))
            #expect(Set(raised.map(\.kind.rawValue)) == ["firmware-changed", "new-finding"], "\(raised.map(\.kind))")
            #expect(
                raised.filter { $0.kind == .newFinding }.allSatisfy { $0.summary.contains("CVE-2021-36260") }, "\(raised.map(\.summary))")

            // The Settings form: ticked boxes are the kinds on.
            let browser = DashboardTests.Browser(client)
            _ = try await browser.logIn("admin", DashboardTests.password)
            let page = try await browser.request("/settings")
            #expect(page.body.contains(#"name="kind-firmware-changed" checked"#) && !page.body.contains(#"name="kind-new-device" checked"#))
            let csrf = try #require(DashboardTests.Browser.csrf(in: page.body))
            let posted = try await browser.request(
                "/settings/alert-rules", method: .post, form: ["csrf": csrf, "kind-new-device": "on", "severity": "medium"])
            #expect(posted.status == .ok && posted.body.contains("Alert rules saved: new-device; new findings from medium"))
            #expect(center.currentRules() == AlertRules(enabled: [.newDevice], minimumSeverity: .medium))
            #expect(try store.auditLog().filter { $0.action == "alert-rules-changed" }.count == 2)
        }
    }

    @Test func theTrafficPageShowsWhereCamerasSendDataByCountry() async throws {
        let (store, path) = try APIServerTests.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var report = try store.report(id: "20261202T100000-bbbbbb")
        report.scan.trafficCaptures = ["home.pcap: 2 video devices"]
        let index = try #require(report.devices.firstIndex { $0.address == IPAddress("127.6.0.2")! })
        report.devices[index].findings.append(
            Finding(
                id: "phone-home", title: "Hik-Connect cloud", severity: .medium, kind: .phoneHome, decidedBy: .trafficCapture("home.pcap"),
                evidence: [
                    "tcp/443 relay.example.net (198.51.100.7) Hik-Connect [CN, AS64500 Example, 198.51.100.0/24]: up 12 kB, down 3 kB"
                ], remediation: nil))
        try store.update(report)
        _ = try APIServer.createUser(
            name: "viewer", password: DashboardTests.password, role: .viewer, store: store, settings: APIServerTests.settings)
        let app = Application(router: try APIServer.router(store: store, settings: APIServerTests.settings))
        try await app.test(.router) { client in
            let browser = DashboardTests.Browser(client)
            _ = try await browser.logIn("viewer", DashboardTests.password)
            let page = try await browser.request("/traffic")
            #expect(page.status == .ok)
            #expect(page.body.contains("relay.example.net") && page.body.contains("Hik-Connect cloud"))
            #expect(page.body.contains("<td>CN</td><td>1</td><td>1</td>"), "one destination of one device in CN")
        }
    }
}
