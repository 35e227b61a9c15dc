import CamAuditCore
import CamAuditServer
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `camaudit serve`'s API over a real SQLite store: every route, its filters, its errors, and the JSON
/// checked against the OpenAPI document the server publishes.
@Suite("REST API")
struct APIServerTests {
    static let openAPI = RepositoryFiles.root.appendingPathComponent("Sources/CamAuditServer/openapi.json")

    static func finding(_ id: String, _ severity: Severity) -> Finding {
        Finding(
            id: id, title: id, severity: severity, kind: .vulnerability, decidedBy: .version, evidence: ["test"], remediation: nil)
    }

    static func device(_ last: Int, maker: String?, brand: String? = nil, firmware: String?, findings: [Finding], risk: Int) -> DeviceReport
    {
        var device = DeviceReport(
            address: IPAddress("127.6.0.\(last)")!, hostname: "cam-\(last).lan", ports: [PortService(port: 80, service: "http")],
            identity: Identity(
                manufacturer: maker, brand: brand, model: maker == nil ? nil : "M-\(last)", firmware: firmware,
                deviceType: maker == nil ? .other : .camera, confidence: 0.9),
            findings: findings)
        device.risk = RiskScore(score: risk, level: risk >= 90 ? .critical : risk >= 40 ? .medium : .none, items: [])
        device.compliance = [
            ComplianceVerdict(
                ruleSet: "ndaa-889", status: maker == "Hikvision" ? .covered : maker == nil ? .unknown : .notCovered, confidence: 0.9,
                basis: [], rule: "test")
        ]
        return device
    }

    static func scan(_ id: String, at seconds: TimeInterval, _ devices: [DeviceReport]) -> ScanReport {
        let start = Date(timeIntervalSince1970: seconds)
        return ScanReport(
            scan: ScanMetadata(
                id: id, version: "test", startedAt: start, finishedAt: start.addingTimeInterval(5), targets: ["127.6.0.0/24"],
                exclusions: [], ports: [80], addressesScanned: 256, probesSent: 256, status: .completed),
            devices: devices)
    }

    /// Two scans a day apart: the Hikvision camera's firmware changed and one finding was fixed, one appeared.
    static func store() throws -> (ScanStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-api-\(UUID().uuidString).sqlite").path
        let store = try ScanStore(path: path)
        try store.save(
            scan(
                "20261201T100000-aaaaaa", at: 1_764_583_200,
                [
                    device(
                        2, maker: "Hikvision", brand: "LTS", firmware: "V5.5.0", findings: [finding("CVE-2017-7921", .critical)], risk: 95),
                    device(3, maker: "Axis", firmware: "10.12", findings: [], risk: 0),
                ]))
        try store.save(
            scan(
                "20261202T100000-bbbbbb", at: 1_764_669_600,
                [
                    device(
                        2, maker: "Hikvision", brand: "LTS", firmware: "V5.5.800",
                        findings: [finding("CVE-2021-36260", .critical), finding("default-credentials", .high)], risk: 100),
                    device(3, maker: "Axis", firmware: "10.12", findings: [finding("telnet-open", .medium)], risk: 45),
                    device(4, maker: nil, firmware: nil, findings: [], risk: 0),
                ]))
        return (store, path)
    }

    /// Validates `body` against one schema of the OpenAPI document's components.
    static func checkAgainstOpenAPI(_ body: Data, schema name: String, array: Bool = false) throws {
        let openAPI = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: openAPI)) as? [String: Any])
        let reference = ["$ref": "#/components/schemas/\(name)"]
        var document: [String: Any] = ["$schema": "https://json-schema.org/draft/2020-12/schema", "components": openAPI["components"]!]
        if array {
            document["type"] = "array"
            document["items"] = reference
        } else {
            document["$ref"] = reference["$ref"]
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-openapi-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: document).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let complaint = try SchemaValidator.validate(body, schema: file)
        #expect(complaint == nil, "\(name): \(complaint ?? "")")
    }

    static func json(_ buffer: ByteBuffer) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
    }

    /// bcrypt's lowest cost: the tests make and check passwords often.
    static let settings = APIServer.Settings(bcryptCost: 4)

    /// An app over the test store and an API token of an admin for its calls.
    static func withApp(_ body: @Sendable (any TestClientProtocol, HTTPFields) async throws -> Void) async throws {
        let (store, path) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let admin = try APIServer.createUser(
            name: "admin", password: "correct horse battery", role: .admin, store: store, settings: settings)
        let token = try APIServer.createAPIToken(for: admin, name: "tests", store: store)
        let app = Application(router: try APIServer.router(store: store, settings: settings))
        try await app.test(.router) { client in try await body(client, [.authorization: "Bearer \(token)"]) }
    }

    @Test func healthAndTheOpenAPIDocument() async throws {
        try await Self.withApp { client, auth in
            try await client.execute(uri: "/healthz", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                try Self.checkAgainstOpenAPI(Data(response.body.readableBytesView), schema: "Health")
            }
            try await client.execute(uri: "/api/v1/openapi.json", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let document = try #require(try Self.json(response.body) as? [String: Any])
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = try #require(document["paths"] as? [String: Any])
                #expect(paths.keys.count == 18)
            }
        }
    }

    @Test func scansReportsAndDiffs() async throws {
        try await Self.withApp { client, auth in
            try await client.execute(uri: "/api/v1/scans", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                try Self.checkAgainstOpenAPI(Data(response.body.readableBytesView), schema: "ScanSummary", array: true)
            }
            try await client.execute(uri: "/api/v1/scans?limit=1", method: .get, headers: auth) { response in
                let list = try #require(try Self.json(response.body) as? [[String: Any]])
                #expect(list.map { $0["id"] as? String } == ["20261202T100000-bbbbbb"])
            }
            try await client.execute(uri: "/api/v1/scans/20261201T", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                try #expect(SchemaValidator.validate(Data(response.body.readableBytesView), schema: RepositoryFiles.reportSchema) == nil)
            }
            try await client.execute(uri: "/api/v1/scans/2026120", method: .get, headers: auth) { response in
                #expect(response.status == .badRequest, "two scans start with it")
            }
            try await client.execute(uri: "/api/v1/scans/nothere", method: .get, headers: auth) { response in
                #expect(response.status == .notFound)
                let error = try #require(try Self.json(response.body) as? [String: [String: String]])
                #expect(error["error"]?["message"]?.contains("No saved scan has the id 'nothere'") == true)
            }
            try await client.execute(uri: "/api/v1/scans/bad%20id", method: .get, headers: auth) { response in
                #expect(response.status == .badRequest)
            }
            for (format, type) in [
                ("html", "text/html"), ("json", "application/json"), ("csv", "text/csv"), ("markdown", "text/markdown"),
                ("table", "text/plain"), ("cyclonedx", "application/vnd.cyclonedx+json"),
            ] {
                try await client.execute(uri: "/api/v1/scans/20261202T100000-bbbbbb/report?format=\(format)", method: .get, headers: auth) {
                    response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix(type) == true, "\(format)")
                    #expect(response.body.readableBytes > 100)
                }
            }
            try await client.execute(uri: "/api/v1/scans/20261202T100000-bbbbbb/report?format=pdf", method: .get, headers: auth) {
                response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/scans/20261201T100000-aaaaaa/diff/20261202T100000-bbbbbb", method: .get, headers: auth) {
                response in
                #expect(response.status == .ok)
                let diff = try #require(try Self.json(response.body) as? [String: Any])
                #expect((diff["newDevices"] as? [Any])?.count == 1)
                #expect((diff["changedDevices"] as? [Any])?.count == 2)
            }
        }
    }

    @Test func theDeviceListFiltersSortsAndPages() async throws {
        try await Self.withApp { client, auth in
            func addresses(_ query: String) async throws -> (total: Int, addresses: [String]) {
                try await client.execute(uri: "/api/v1/devices" + query, method: .get, headers: auth) { response in
                    #expect(response.status == .ok, "\(query)")
                    let body = Data(response.body.readableBytesView)
                    try Self.checkAgainstOpenAPI(body, schema: "DevicePage")
                    let page = try ReportCoding.makeDecoder().decode(DevicePage.self, from: body)
                    return (page.total, page.devices.map(\.address))
                }
            }
            // Each address once, at its latest sighting, riskiest first.
            #expect(try await addresses("") == (3, ["127.6.0.2", "127.6.0.3", "127.6.0.4"]))
            #expect(try await addresses("?maker=lts") == (1, ["127.6.0.2"]), "the brand counts as a maker")
            #expect(try await addresses("?type=other") == (1, ["127.6.0.4"]))
            #expect(try await addresses("?risk=medium") == (1, ["127.6.0.3"]))
            #expect(try await addresses("?finding=CVE-2021-36260") == (1, ["127.6.0.2"]))
            #expect(try await addresses("?finding=CVE-2017-7921").total == 0, "fixed by the latest scan")
            #expect(try await addresses("?finding=CVE-2021").total == 0, "finding ids match whole")
            #expect(try await addresses("?compliance=covered") == (1, ["127.6.0.2"]))
            #expect(try await addresses("?q=cam-3") == (1, ["127.6.0.3"]))
            #expect(try await addresses("?q=%25").total == 0, "LIKE wildcards are literal")
            #expect(try await addresses("?sort=address&limit=2&offset=1") == (3, ["127.6.0.3", "127.6.0.4"]))
            #expect(try await addresses("?sort=maker").addresses == ["127.6.0.3", "127.6.0.2", "127.6.0.4"])
            for bad in ["?type=toaster", "?risk=extreme", "?limit=0", "?limit=501", "?offset=-1", "?sort=colour", "?compliance=maybe"] {
                try await client.execute(uri: "/api/v1/devices" + bad, method: .get, headers: auth) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    try Self.checkAgainstOpenAPI(Data(response.body.readableBytesView), schema: "Error")
                }
            }
        }
    }

    @Test func aDeviceHasItsHistoryAcrossScans() async throws {
        try await Self.withApp { client, auth in
            try await client.execute(uri: "/api/v1/devices/127.6.0.2", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let body = Data(response.body.readableBytesView)
                try Self.checkAgainstOpenAPI(body, schema: "DeviceHistory")
                let history = try ReportCoding.makeDecoder().decode(DeviceHistory.self, from: body)
                #expect(history.latest.firmware == "V5.5.800")
                #expect(history.latest.compliance?.first?.status == .covered)
                #expect(history.sightings.map(\.scanId) == ["20261202T100000-bbbbbb", "20261201T100000-aaaaaa"])
                let changes = history.changes.map { "\($0.kind) \($0.from ?? "-") \($0.to ?? "-")" }
                #expect(
                    changes == [
                        "firmware V5.5.0 V5.5.800", "finding-appeared - CVE-2021-36260", "finding-appeared - default-credentials",
                        "finding-fixed CVE-2017-7921 -",
                    ])
            }
            try await client.execute(uri: "/api/v1/devices/127.6.0.99", method: .get, headers: auth) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/devices/not-an-address", method: .get, headers: auth) { response in
                #expect(response.status == .notFound, "a device's id is its address")
            }
        }
    }

    @Test func aDeviceHistoryShowsWhereItPhonedHomeAndWhenADestinationAppeared() async throws {
        let (store, path) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // `camaudit traffic --scan` matched a capture to the second scan: one destination for the Hikvision camera.
        var report = try store.report(id: "20261202T100000-bbbbbb")
        let index = try #require(report.devices.firstIndex { $0.address == IPAddress("127.6.0.2")! })
        report.devices[index].findings.append(
            Finding(
                id: "phone-home", title: "Hik-Connect cloud", severity: .medium, kind: .phoneHome, decidedBy: .trafficCapture("home.pcap"),
                evidence: [
                    "tcp/443 relay.example.net (198.51.100.7) Hik-Connect [CN, AS64500 Example, 198.51.100.0/24]: up 12 kB, down 3 kB",
                    "udp/32100 198.51.100.9 (198.51.100.9) CS2 Network P2P [CN]: up 1 kB, down 1 kB",
                ], remediation: nil))
        try store.update(report)
        let admin = try APIServer.createUser(
            name: "admin", password: "correct horse battery", role: .admin, store: store, settings: Self.settings)
        let token = try APIServer.createAPIToken(for: admin, name: "tests", store: store)
        let app = Application(router: try APIServer.router(store: store, settings: Self.settings))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/devices/127.6.0.2", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                response in
                let body = Data(response.body.readableBytesView)
                try Self.checkAgainstOpenAPI(body, schema: "DeviceHistory")
                let history = try ReportCoding.makeDecoder().decode(DeviceHistory.self, from: body)
                #expect(history.sightings.map(\.phoneHome) == [["198.51.100.9", "relay.example.net"], []])
                let appeared = history.changes.filter { $0.kind == "phone-home-appeared" }.compactMap(\.to)
                #expect(appeared == ["198.51.100.9", "relay.example.net"])
            }
        }
    }

    @Test func cachedReadsFollowWritesOfThisProcessAndOfAnother() async throws {
        let (store, path) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let admin = try APIServer.createUser(
            name: "admin", password: "correct horse battery", role: .admin, store: store, settings: Self.settings)
        let token = try APIServer.createAPIToken(for: admin, name: "tests", store: store)
        let app = Application(router: try APIServer.router(store: store, settings: Self.settings))
        try await app.test(.router) { client in
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            func listed() async throws -> [String] {
                try await client.execute(uri: "/api/v1/devices", method: .get, headers: auth) { response in
                    try ReportCoding.makeDecoder().decode(DevicePage.self, from: Data(response.body.readableBytesView)).devices.map(
                        \.address)
                }
            }
            func firmware(_ address: String) async throws -> String? {
                try await client.execute(uri: "/api/v1/devices/\(address)", method: .get, headers: auth) { response in
                    try ReportCoding.makeDecoder().decode(DeviceHistory.self, from: Data(response.body.readableBytesView)).latest.firmware
                }
            }
            #expect(try await listed() == ["127.6.0.2", "127.6.0.3", "127.6.0.4"])
            #expect(try await listed() == ["127.6.0.2", "127.6.0.3", "127.6.0.4"], "the same answer from the cache")
            #expect(try await firmware("127.6.0.3") == "10.12")
            // This process writes a scan: the next reads see it at once.
            try store.save(
                Self.scan(
                    "20261203T100000-cccccc", at: 1_764_756_000, [Self.device(5, maker: "Axis", firmware: "11.0", findings: [], risk: 0)]))
            #expect(try await listed() == ["127.6.0.2", "127.6.0.3", "127.6.0.4", "127.6.0.5"])
            // Another process (another connection to the same file, with its own counter) writes one: seen too.
            let other = try ScanStore(path: path)
            try other.save(
                Self.scan(
                    "20261204T100000-dddddd", at: 1_764_842_400, [Self.device(3, maker: "Axis", firmware: "12.1", findings: [], risk: 0)]))
            #expect(try await firmware("127.6.0.3") == "12.1")
            #expect(try await listed().count == 4)
        }
    }

    @Test func theServerAnswersOnLoopback() async throws {
        let (store, path) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app = try APIServer.application(store: store, settings: APIServer.Settings(host: "127.0.0.1", port: 0, bcryptCost: 4))
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/devices?limit=1", method: .get) { response in
                #expect(response.status == .unauthorized, "the API needs a user")
            }
        }
    }
}
