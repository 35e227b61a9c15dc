import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

private func address(_ text: String) -> IPAddress { IPAddress(text)! }

private func openedDatabase(_ writer: MMDBWriter, named name: String = "test.mmdb") throws -> GeoIPDatabase {
    try GeoIPDatabase(path: try MMDBWriter.write(writer.bytes(), named: name))
}

/// An ASN-only IPv4 tree, like GeoLite2-ASN / DB-IP ASN lite; 203.0.113.0/24 disagrees with the country DB on purpose.
private var asnWriter: MMDBWriter {
    var writer = MMDBWriter(databaseType: "camaudit-Test-ASN", buildEpoch: 1_700_086_400, ipVersion: 4)
    writer.insert(
        network: "198.51.100.0/25",
        .map([
            ("autonomous_system_number", .uint32(64501)), ("autonomous_system_organization", .string("Example Transit")),
        ]))
    writer.insert(
        network: "203.0.113.0/24",
        .map([
            ("autonomous_system_number", .uint32(64999)), ("autonomous_system_organization", .string("Second Opinion")),
        ]))
    return writer
}

/// Opens `bytes` as a database and, if libmaxminddb accepts it, looks a few addresses up: must not crash.
private func openAndProbe(_ bytes: [UInt8], name: String) throws -> (opened: Bool, error: GeoIPError?, lookup: GeoIPLookup?) {
    let path = try MMDBWriter.write(bytes, named: name)
    do {
        var lookup = GeoIPLookup(databases: [try GeoIPDatabase(path: path)])
        for text in ["203.0.113.77", "198.51.100.7", "2001:db8:1::5", "192.0.2.1", "::"] {
            _ = lookup.record(for: address(text))
        }
        return (true, nil, lookup)
    } catch {
        return (false, error, nil)
    }
}

@Suite("GeoIP through libmaxminddb")
struct GeoIPTests {
    @Test func committedDatabaseIsWhatTheWriterProduces() throws {
        let url = try #require(Bundle.module.url(forResource: "test-geo", withExtension: "mmdb", subdirectory: "Captures"))
        let committed = [UInt8](try Data(contentsOf: url))
        let generated = MMDBWriter.testGeo.bytes()
        if committed != generated {
            let path = try MMDBWriter.write(generated, named: "test-geo.mmdb")
            Issue.record("Captures/test-geo.mmdb differs from MMDBWriter.testGeo; the regenerated file is at \(path)")
        }
        #expect(committed.count == generated.count)
    }

    @Test func committedDatabaseAnswersIPv4UnderTheIPv6TreeAndIPv6() throws {
        let url = try #require(Bundle.module.url(forResource: "test-geo", withExtension: "mmdb", subdirectory: "Captures"))
        let database = try GeoIPDatabase(path: url.path)
        #expect(database.databaseType == "camaudit-Test-Country")
        #expect(database.ipVersion == 6)
        #expect(database.buildEpoch == 1_700_000_000)

        let cloud = try #require(try database.record(for: address("203.0.113.77")))
        #expect(
            cloud
                == GeoIPRecord(
                    countryCode: "CN", countryName: "China", continentCode: "AS", asn: 64500,
                    asOrganization: "Example Cloud", network: "203.0.113.0/24"))
        let broker = try #require(try database.record(for: address("198.51.100.7")))
        #expect(broker == GeoIPRecord(countryCode: "US", countryName: "United States", continentCode: "NA", network: "198.51.100.0/24"))
        let german = try #require(try database.record(for: address("2001:db8:1:2::5")))
        #expect(german.countryCode == "DE" && german.countryName == "Germany" && german.continentCode == "EU")
        #expect(german.network == "2001:db8:1::/48")
        #expect(german.asn == nil && german.asOrganization == nil)
    }

    @Test(arguments: ["192.0.2.1", "203.0.114.1", "198.51.101.255", "2001:db8:2::1", "::1", "10.0.0.1"])
    func addressesOutsideTheDatabaseAreMisses(_ text: String) throws {
        let database = try openedDatabase(MMDBWriter.testGeo)
        #expect(try database.record(for: address(text)) == nil)
    }

    @Test func databaseDescriptionNamesTypeBuildDateAndTree() throws {
        let lookup = GeoIPLookup(databases: [try openedDatabase(MMDBWriter.testGeo), try openedDatabase(asnWriter)])
        #expect(lookup.databaseDescriptions.count == 2)
        #expect(lookup.databaseDescriptions[0].hasPrefix("camaudit-Test-Country, built 2023-11-14, IPv6 tree ("))
        #expect(lookup.databaseDescriptions[1].hasPrefix("camaudit-Test-ASN, built 2023-11-15, IPv4 tree ("))
    }

    @Test func twoDatabasesMergeFieldByFieldFirstWins() throws {
        let country = try openedDatabase(MMDBWriter.testGeo, named: "country.mmdb")
        let asn = try openedDatabase(asnWriter, named: "asn.mmdb")
        var lookup = GeoIPLookup(databases: [country, asn])

        // Country from the first database, ASN only from the second; the network is the first match's.
        let brokerFound = lookup.record(for: address("198.51.100.7"))
        let broker = try #require(brokerFound)
        #expect(
            broker
                == GeoIPRecord(
                    countryCode: "US", countryName: "United States", continentCode: "NA",
                    asn: 64501, asOrganization: "Example Transit", network: "198.51.100.0/24"))
        // The ASN tree is /25: the upper half has country but no ASN.
        let upperHalfFound = lookup.record(for: address("198.51.100.200"))
        let upperHalf = try #require(upperHalfFound)
        #expect(upperHalf.countryCode == "US" && upperHalf.asn == nil)
        // Both know 203.0.113.0/24: the first database in the list wins.
        #expect(lookup.record(for: address("203.0.113.9"))?.asn == 64500)
        var reversed = GeoIPLookup(databases: [asn, country])
        let reversedCloudFound = reversed.record(for: address("203.0.113.9"))
        let reversedCloud = try #require(reversedCloudFound)
        #expect(reversedCloud.asn == 64999 && reversedCloud.asOrganization == "Second Opinion")
        #expect(reversedCloud.countryCode == "CN")
        // IPv6 in an IPv4 tree is a miss for that tree, not an error.
        #expect(lookup.record(for: address("2001:db8:1::5"))?.countryCode == "DE")
        #expect(lookup.record(for: address("192.0.2.1")) == nil)
        #expect(lookup.lookupErrors == 0)

        let many = lookup.records(for: [address("198.51.100.7"), address("192.0.2.1"), address("198.51.100.7")])
        #expect(many.count == 1 && many[address("198.51.100.7")]?.asn == 64501)
    }

    @Test func missingEmptyAndForeignFilesAreClearErrors() throws {
        #expect(throws: GeoIPError.self) { try GeoIPDatabase(path: "/nonexistent/camaudit/GeoLite2-Country.mmdb") }
        do {
            _ = try GeoIPDatabase(path: "/nonexistent/camaudit/GeoLite2-Country.mmdb")
        } catch {
            guard case .cannotOpen(let path, _) = error else { Issue.record("expected cannotOpen, got \(error)"); return }
            #expect(path == "/nonexistent/camaudit/GeoLite2-Country.mmdb")
            #expect(error.description.contains("camaudit bundles none"))
        }
        for (name, bytes) in [
            ("empty.mmdb", [UInt8]()), ("text.mmdb", Array("just some text, no metadata\n".utf8)),
            ("capture.mmdb", cameraCapture().bytes),
        ] {
            let path = try MMDBWriter.write(bytes, named: name)
            do {
                _ = try GeoIPDatabase(path: path)
                Issue.record("\(name) opened as a database")
            } catch {
                #expect(error.description.contains(path))
                #expect(error.description.contains("Download it again") || error.description.contains("Give a"))
            }
        }
    }

    @Test func unknownFormatVersionAndNonGeographicTypesAreUnsupported() throws {
        var future = MMDBWriter.testGeo
        future.binaryFormatMajorVersion = 3
        #expect {
            try openedDatabase(future)
        } throws: { error in
            guard let error = error as? GeoIPError, case .unsupportedDatabase = error else { return false }
            return true
        }
        var anonymous = MMDBWriter.testGeo
        anonymous.databaseType = "GeoIP2-Anonymous-IP"
        #expect {
            try openedDatabase(anonymous)
        } throws: { error in
            guard let error = error as? GeoIPError, case .unsupportedDatabase(_, let type, let reason) = error else { return false }
            return type == "GeoIP2-Anonymous-IP" && reason.contains("no country")
        }
    }

    @Test func everyTruncationIsAnErrorOrSafe() throws {
        let whole = MMDBWriter.testGeo.bytes()
        var rejected = 0
        for length in 0..<whole.count {
            let outcome = try openAndProbe(Array(whole.prefix(length)), name: "cut-\(length).mmdb")
            if !outcome.opened { rejected += 1 }
        }
        // Cutting anywhere removes (part of) the metadata, which sits at the end.
        #expect(rejected == whole.count)
    }

    @Test func garbageDataPointersAreCountedNotCrashes() throws {
        var writer = MMDBWriter(databaseType: "camaudit-Test-Garbage", buildEpoch: 1_700_000_000)
        // A country map whose values point past the data section, and a pointer to a pointer.
        writer.insert(
            network: "203.0.113.0/24",
            .map([
                ("country", .pointer(0x00FF_FFFF)),
                ("continent", .map([("code", .pointer(0x7FF))])),
                ("autonomous_system_organization", .pointer(0)),
            ]))
        // Tree records that point far outside the data section.
        writer.insert(network: "198.51.100.0/24", rawDataOffset: 5_000_000)
        writer.insert(network: "2001:db8:1::/48", rawDataOffset: 200)
        let database = try openedDatabase(writer)
        var lookup = GeoIPLookup(databases: [database])
        for text in ["203.0.113.1", "198.51.100.1", "2001:db8:1::1"] {
            _ = lookup.record(for: address(text))
        }
        #expect(lookup.lookupErrors >= 2)
        let error = try #require(lookup.firstLookupError)
        #expect(error.description.contains("damaged"))
    }

    @Test func flippedBytesAnywhereDoNotCrash() throws {
        let whole = MMDBWriter.testGeo.bytes()
        var generator = SplitMix64(seed: 0x6E0)
        var opened = 0
        for round in 0..<300 {
            var bytes = whole
            for _ in 0..<(1 + round % 4) {
                let position = Int(generator.next() % UInt64(bytes.count))
                bytes[position] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            }
            if try openAndProbe(bytes, name: "flip-\(round).mmdb").opened { opened += 1 }
        }
        // Most flips land in the tree or data and leave the metadata readable.
        #expect(opened > 0)
    }
}

/// A tiny deterministic generator so the corruption rounds are the same on every run.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
