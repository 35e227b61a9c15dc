import CamAuditCatalog
import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

/// A file system for `InstalledGeoIP.locate`: the files that exist and the folders' entries.
private struct FakeFiles {
    var files: Set<String> = []
    var folders: [String: [String]] = [:]

    func locate(_ environment: [String: String], home: String = "/home/owner") -> InstalledGeoIP.Choice {
        InstalledGeoIP.locate(environment: environment, home: home, fileExists: { files.contains($0) }, contents: { folders[$0] ?? [] })
    }
}

@Suite("Country out of the box: the installed database")
struct CountryOutOfTheBoxTests {
    @Test func theEnvironmentVariableWinsAndCanTurnTheDefaultOff() {
        let files = FakeFiles(files: ["/home/owner/.local/share/camaudit/country.mmdb"])
        #expect(
            files.locate(["CAMAUDIT_GEOIP": "/data/dbip-country-lite.mmdb:/data/asn.mmdb"])
                == .environment(["/data/dbip-country-lite.mmdb", "/data/asn.mmdb"]))
        #expect(files.locate(["CAMAUDIT_GEOIP": ""]) == .turnedOff)
        #expect(files.locate(["CAMAUDIT_GEOIP": "none"]) == .turnedOff)
        #expect(files.locate(["CAMAUDIT_GEOIP": "none"]).paths.isEmpty)
        #expect(files.locate([:]) == .installed("/home/owner/.local/share/camaudit/country.mmdb"), "the link scripts/setup makes")
        #expect(
            files.locate(["XDG_DATA_HOME": "/srv/data"]) != .installed("/home/owner/.local/share/camaudit/country.mmdb"),
            "XDG_DATA_HOME moves where the link is looked for")
    }

    @Test func withoutTheLinkTheSitePackagesAreSearchedNewestPythonFirst() {
        let package = InstalledGeoIP.packagePath
        var files = FakeFiles()
        files.folders["/usr/local/lib"] = ["python3.9", "python3.13", "pkgconfig"]
        files.folders["/home/owner/.pyenv/versions"] = ["3.11.7"]
        files.folders["/home/owner/.pyenv/versions/3.11.7/lib"] = ["python3.11"]
        files.files = [
            "/usr/local/lib/python3.9/dist-packages/\(package)", "/usr/local/lib/python3.13/dist-packages/\(package)",
            "/home/owner/.pyenv/versions/3.11.7/lib/python3.11/site-packages/\(package)",
        ]
        #expect(files.locate([:]) == .installed("/usr/local/lib/python3.13/dist-packages/\(package)"))
        files.folders["/venv/lib"] = ["python3.12"]
        files.files.insert("/venv/lib/python3.12/site-packages/\(package)")
        #expect(
            files.locate(["VIRTUAL_ENV": "/venv"]) == .installed("/venv/lib/python3.12/site-packages/\(package)"), "an active venv first")
        files.files = ["/home/owner/.pyenv/versions/3.11.7/lib/python3.11/site-packages/\(package)"]
        #expect(files.locate([:]) == .installed("/home/owner/.pyenv/versions/3.11.7/lib/python3.11/site-packages/\(package)"))
        files.files = ["/usr/lib/python3/dist-packages/\(package)"]
        #expect(files.locate([:]) == .installed("/usr/lib/python3/dist-packages/\(package)"), "Debian's own python3 packages")
        #expect(FakeFiles().locate([:]) == .notFound)
    }

    @Test func eachMakersDatabaseNamesItsLicenceAndBuildDay() throws {
        func opened(_ type: String, description: String? = nil) throws -> GeoIPDatabase {
            var writer = MMDBWriter(databaseType: type, buildEpoch: 1_719_105_898)
            if let description { writer.descriptionText = description }
            writer.insert(network: "203.0.113.0/24", .map([("country", .map([("iso_code", .string("CN"))]))]))
            return try GeoIPDatabase(path: try MMDBWriter.write(writer.bytes(), named: "\(type).mmdb"))
        }
        let geoacumen = try opened(
            "Geoacumen-Country", description: "Geoacumen - Open Source IP to country mapping database by Kevin Chung")
        #expect(geoacumen.builtDay == "2024-06-23")
        #expect(geoacumen.databaseDescription.hasPrefix("Geoacumen - Open Source"))
        #expect(geoacumen.attribution?.contains("Apache License 2.0") == true)
        #expect(geoacumen.description.hasPrefix("Geoacumen-Country, built 2024-06-23, IPv6 tree"))
        #expect(try opened("DBIP-Country-Lite").attribution?.hasPrefix("IP Geolocation by DB-IP (https://db-ip.com)") == true)
        #expect(try opened("GeoLite2-Country").attribution?.contains("GeoLite2 Data created by MaxMind") == true)
        #expect(try opened("camaudit-Test-Country").attribution == nil)
        let lookup = GeoIPLookup(databases: [geoacumen, try opened("DBIP-ASN-Lite", description: "DB-IP.com - IP to ASN"), geoacumen])
        #expect(lookup.attributions.count == 2, "one line per licence")
    }

    @Test func geoacumensNoneIsNoCountry() throws {
        // Geoacumen-Country stores iptoasn.com's "None" for unrouted ranges as if it were a code.
        var writer = MMDBWriter(databaseType: "Geoacumen-Country", buildEpoch: 1_719_105_898)
        writer.insert(network: "198.51.100.0/24", .map([("country", .map([("iso_code", .string("None"))]))]))
        writer.insert(network: "203.0.113.0/24", .map([("country", .map([("iso_code", .string("CN"))]))]))
        let database = try GeoIPDatabase(path: try MMDBWriter.write(writer.bytes(), named: "none.mmdb"))
        #expect(try database.record(for: IPAddress("198.51.100.7")!)?.countryCode == nil)
        #expect(try database.record(for: IPAddress("203.0.113.9")!)?.countryCode == "CN")
    }

    @Test func eachDeviceSaysHowManyDestinationsAndBytesWentToEachCountry() throws {
        let path = try cameraCapture().write(named: "countries.pcap")
        var table = FlowTable()
        try table.add(capture: try CaptureReader(path: path))
        let analysis = TrafficAnalysis(classifier: DestinationClassifier(catalog: try CloudEndpointCatalog.bundled()))
        var lookup: GeoIPLookup? = GeoIPLookup(databases: [
            try GeoIPDatabase(path: try MMDBWriter.write(MMDBWriter.testGeo.bytes(), named: "geo.mmdb"))
        ])
        let camera = try #require(analysis.devices(in: table, geoIP: &lookup).first)
        #expect(camera.destinations.allSatisfy { $0.geo?.countryCode != nil }, "every outside destination shows a country")
        let countries = try #require(camera.countries)
        #expect(countries.map(\.country) == ["CN", "US"], "most bytes up first")
        for total in countries {
            let mine = camera.destinations.filter { $0.geo?.countryCode == total.country }
            #expect(total.destinations == mine.count)
            #expect(total.bytesUp == mine.reduce(0) { $0 + $1.bytesUp } && total.bytesDown == mine.reduce(0) { $0 + $1.bytesDown })
        }
        #expect(try #require(analysis.devices(in: table).first).countries == nil, "no database, no country totals")
    }

    @Test func destinationsWithoutACountryAreTotalledLast() {
        func destination(_ address: String, _ country: String?, up: Int) -> DeviceTraffic.Destination {
            DeviceTraffic.Destination(
                address: IPAddress(address)!, services: ["tcp/443"],
                classification: DestinationClassification(category: .unknown, basis: .none, evidence: "test"),
                bytesUp: up, bytesDown: 1, flows: 1, firstSeen: 0, lastSeen: 1, geo: country.map { GeoIPRecord(countryCode: $0) })
        }
        let totals = DeviceTraffic.countryTotals([
            destination("203.0.113.1", "CN", up: 10), destination("203.0.113.2", nil, up: 500), destination("203.0.113.3", "US", up: 20),
            destination("203.0.113.4", "CN", up: 15),
        ])
        #expect(totals.map(\.country) == ["CN", "US", nil])
        #expect(totals.map(\.destinations) == [2, 1, 1] && totals.map(\.bytesUp) == [25, 20, 500])
    }

    /// The database `scripts/setup` installs, when it is on this machine: it opens, says when it was built and
    /// whose it is, and gives well-known anycast resolvers a country. Skipped on a machine without it.
    @Test(.enabled(if: !InstalledGeoIP.locate().paths.isEmpty, "scripts/setup has not installed the country database"))
    func theInstalledDatabaseOpensAndAnswers() throws {
        let paths = InstalledGeoIP.locate().paths
        var lookup = try GeoIPLookup(paths: paths)
        let database = try #require(lookup.databases.first)
        #expect(database.buildEpoch > 1_600_000_000, "build_epoch from the metadata: \(database.description)")
        #expect(
            database.attribution != nil || database.databaseType == "unnamed database",
            "a known maker names its licence: \(database.databaseType)")
        let answered = ["8.8.8.8", "1.1.1.1", "9.9.9.9"].compactMap { lookup.record(for: IPAddress($0)!)?.countryCode }
        #expect(!answered.isEmpty, "\(database.description) gives public resolvers a country")
        #expect(answered.allSatisfy { $0.count == 2 && $0 == $0.uppercased() })
    }
}
