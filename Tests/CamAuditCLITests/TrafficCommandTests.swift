import CamAuditCore
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Testing

/// `camaudit traffic` as a user runs it: the committed home-LAN capture, a saved scan whose devices get
/// the phone-home findings, the committed test GeoIP database, and the firewall rules.
@Suite("camaudit traffic")
struct TrafficCommandTests {
    static let captures = RepositoryFiles.root.appendingPathComponent("Tests/CamAuditTrafficTests/Captures")

    static func savedScan() throws -> (db: String, id: String) {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-traffic-\(UUID().uuidString).sqlite").path
        let camera = DeviceReport(
            address: IPAddress("192.168.1.64")!, ports: [PortService(port: 554, service: "rtsp")],
            identity: Identity(manufacturer: "Hikvision", model: "DS-2CD2385G1-I", deviceType: .camera, confidence: 0.9))
        let axis = DeviceReport(
            address: IPAddress("192.168.1.70")!, ports: [PortService(port: 80, service: "http")],
            identity: Identity(manufacturer: "Axis", deviceType: .camera, confidence: 0.9))
        let start = Date(timeIntervalSince1970: 2_000_000_000)
        let metadata = ScanMetadata(
            id: "20330518T0333-traffic", version: "test", startedAt: start, finishedAt: start.addingTimeInterval(5),
            targets: ["192.168.1.0/24"], exclusions: [], ports: [80, 554], addressesScanned: 256, probesSent: 512, status: .completed)
        try ScanStore(path: db).save(ScanReport(scan: metadata, devices: [camera, axis]))
        return (db, metadata.id)
    }

    @Test func findingsJoinTheSavedScanWithGeoIPAndTheReportValidates() throws {
        let (db, id) = try Self.savedScan()
        let capture = Self.captures.appendingPathComponent("home-lan.pcap").path
        let geo = Self.captures.appendingPathComponent("test-geo.mmdb").path
        let outcome = try CommandLineTests.run(["traffic", capture, "--scan", id, "--db", db, "--geoip", geo, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("phone-home finding(s) joined to scan \(id)"))
        #expect(try SchemaValidator.validate(Data(outcome.stdout.utf8), schema: RepositoryFiles.trafficSchema) == nil)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(document["capture"] as? String == "home-lan.pcap" && document["packets"] as? Int == 89)
        #expect((document["geoipDatabases"] as? [String])?.count == 1)
        let devices = try #require(document["devices"] as? [[String: Any]])
        #expect(devices.compactMap { $0["address"] as? String } == ["192.168.1.64", "192.168.1.70"], "only the scan's devices")
        let camera = try #require(devices.first)
        let destinations = try #require(camera["destinations"] as? [[String: Any]])
        let cloud = try #require(destinations.first { $0["address"] as? String == "203.0.113.10" })
        let geoRecord = try #require(cloud["geo"] as? [String: Any])
        #expect(geoRecord["countryCode"] as? String == "CN" && geoRecord["network"] as? String == "203.0.113.0/24")
        #expect(cloud["nameSource"] as? String == "tls-sni")

        let report = try CommandLineTests.run(["report", id, "--db", db, "--format", "json"])
        #expect(report.status == 0)
        #expect(try SchemaValidator.validate(Data(report.stdout.utf8), schema: RepositoryFiles.reportSchema) == nil)
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let savedDevices = try #require(saved["devices"] as? [[String: Any]])
        let savedCamera = try #require(savedDevices.first { $0["address"] as? String == "192.168.1.64" })
        let ids = Set((savedCamera["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(ids == ["video-upload", "phone-home-cloud", "phone-home-p2p", "phone-home-unknown"])
        let upload = try #require((savedCamera["findings"] as? [[String: Any]])?.first { $0["id"] as? String == "video-upload" })
        #expect((upload["evidence"] as? [String])?.first?.contains("[CN, AS64500") == true, "GeoIP names the relay's country and network")
        let risk = try #require(savedCamera["risk"] as? [String: Any])
        #expect((risk["items"] as? [[String: Any]])?.contains { $0["source"] as? String == "video-upload" } == true)
        let scan = try #require(saved["scan"] as? [String: Any])
        #expect((scan["trafficCaptures"] as? [String])?.first?.hasPrefix("home-lan.pcap: 2 device(s)") == true)

        // Running it again replaces the capture's findings instead of adding a second copy.
        #expect(try CommandLineTests.run(["traffic", capture, "--scan", id, "--db", db, "--format", "json"]).status == 0)
        let again = try CommandLineTests.run(["report", id, "--db", db, "--format", "json"])
        #expect(
            again.stdout.components(separatedBy: "\"video-upload\"").count
                == report.stdout.components(separatedBy: "\"video-upload\"").count)
    }

    @Test func withoutAScanThePhoneIsAClientAndOnlyCamerasGetRules() throws {
        let capture = Self.captures.appendingPathComponent("home-lan.pcapng").path
        let outcome = try CommandLineTests.run(["traffic", capture, "--lan", "192.168.1.0/24", "--ntp", "192.168.1.1"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let text = outcome.stdout
        let clients = try #require(text.range(of: "== Clients"))
        #expect(text[clients.upperBound...].contains("192.168.1.23"), "the phone is listed as a client")
        #expect(text.contains("FINDING HIGH video-upload"))
        #expect(text.contains("seen 2033-05-18T03:33:20Z to 2033-05-18T03:33:"), "first and last seen per device")
        let rules = try #require(text.range(of: "# nftables"))
        let ruleText = String(text[rules.lowerBound...])
        #expect(ruleText.contains("192.168.1.64") && !ruleText.contains("192.168.1.23"), "the phone's egress is not blocked")
        let json = try CommandLineTests.run(["traffic", capture, "--format", "json"])
        #expect(try SchemaValidator.validate(Data(json.stdout.utf8), schema: RepositoryFiles.trafficSchema) == nil)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let roles = (document["devices"] as? [[String: Any]] ?? []).compactMap { ($0["attribution"] as? [String: Any])?["role"] as? String }
        #expect(roles == ["client", "video-device", "video-device", "unknown"])
    }

    /// The country database found without --geoip (here the committed test database named by CAMAUDIT_GEOIP,
    /// as scripts/setup's link would name the installed one): the table names it with its build date, every
    /// outside destination gets a country, and each device its totals per country; --no-geoip turns it off.
    @Test func theInstalledCountryDatabaseIsUsedWithoutAFlag() throws {
        let capture = Self.captures.appendingPathComponent("home-lan.pcap").path
        let geo = Self.captures.appendingPathComponent("test-geo.mmdb").path
        let table = try CommandLineTests.run(["traffic", capture], environment: ["CAMAUDIT_GEOIP": geo])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Countries from camaudit-Test-Country, built 2023-11-14, IPv6 tree (\(geo))"))
        #expect(table.stdout.contains("  countries: CN "), "\(table.stdout)")

        let json = try CommandLineTests.run(["traffic", capture, "--format", "json"], environment: ["CAMAUDIT_GEOIP": geo])
        #expect(json.stderr.contains("GeoIP: camaudit-Test-Country, built 2023-11-14"))
        #expect(try SchemaValidator.validate(Data(json.stdout.utf8), schema: RepositoryFiles.trafficSchema) == nil)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["geoipDatabases"] as? [String])?.first?.hasPrefix("camaudit-Test-Country") == true)
        let camera = try #require((document["devices"] as? [[String: Any]])?.first { $0["address"] as? String == "192.168.1.64" })
        let countries = try #require(camera["countries"] as? [[String: Any]])
        let destinations = try #require(camera["destinations"] as? [[String: Any]])
        #expect(countries.reduce(0) { $0 + ($1["destinations"] as? Int ?? 0) } == destinations.count)
        #expect(countries.contains { $0["country"] as? String == "CN" })

        let off = try CommandLineTests.run(["traffic", capture, "--no-geoip"], environment: ["CAMAUDIT_GEOIP": geo])
        #expect(
            off.status == 0 && !off.stdout.contains("Countries from") && !off.stdout.contains("countries:") && !off.stderr.contains("GeoIP")
        )
        let none = try CommandLineTests.run(["traffic", capture], environment: ["CAMAUDIT_GEOIP": "none"])
        #expect(none.status == 0 && !none.stdout.contains("countries:") && !none.stderr.contains("GeoIP"))
        let missing = try CommandLineTests.run(["traffic", capture], environment: ["CAMAUDIT_GEOIP": "/nonexistent/country.mmdb"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/country.mmdb"))
    }

    @Test func badInputIsAClearError() throws {
        let neither = try CommandLineTests.run(["traffic"])
        #expect(neither.status != 0 && neither.stderr.contains("Give a capture file or --live"))
        let notGeo = try CommandLineTests.run([
            "traffic", Self.captures.appendingPathComponent("home-lan.pcap").path,
            "--geoip", Self.captures.appendingPathComponent("README.md").path,
        ])
        #expect(notGeo.status != 0 && notGeo.stderr.contains("README.md"))
        let notCapture = try CommandLineTests.run(["traffic", Self.captures.appendingPathComponent("test-geo.mmdb").path])
        #expect(notCapture.status != 0 && !notCapture.stderr.isEmpty)
    }

    /// Every option is refused before the capture is read: nothing reaches stdout and no database is touched.
    @Test(arguments: [
        (["--lan", "0.0.0.0/0"], "reaches outside the private ranges"),
        (["--lan", "192.168.1.0/24", "--ntp", "pool.ntp.org"], "The NTP server \"pool.ntp.org\" is not an IP address"),
        (["--lan", "192.168.1.0/24", "--nvr", "224.0.0.1"], "The NVR 224.0.0.1 cannot be used"),
        (["--ntp", "192.168.1.1"], "--ntp and --nvr shape the firewall rules"),
        (["--local", "198.51.100.0/33"], "'198.51.100.0/33' is not a prefix"),
        (["--geoip", "/nonexistent/GeoLite2-Country.mmdb"], "--geoip '/nonexistent/GeoLite2-Country.mmdb' is not a file"),
        (["--scan", "2026%"], "--scan '2026%' is not a scan id"),
        (["--no-geoip", "--geoip", "/nonexistent/x.mmdb"], "--no-geoip and --geoip contradict each other"),
    ])
    func optionsAreCheckedBeforeAnyWork(options: [String], message: String) throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-unused-\(UUID().uuidString).sqlite").path
        let capture = Self.captures.appendingPathComponent("home-lan.pcap").path
        let outcome = try CommandLineTests.run(["traffic", capture, "--db", db] + options)
        #expect(outcome.status == 64)
        #expect(outcome.stdout.isEmpty, "nothing was analysed or printed: \(outcome.stdout.prefix(200))")
        #expect(outcome.stderr.contains(message), "stderr was: \(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "no database was opened")
    }
}
