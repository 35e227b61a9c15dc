import CamAuditCatalog
import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

/// Autonomous system numbers of the test data: public-range numbers written only into these temporary files.
private let vendorASN = 4_100_000_001
private let otherASN = 4_100_000_002

/// A cloud-endpoint file with one camera vendor that lists its own ASN, written and loaded like the bundled one.
private func ownerCatalog(asns: [Int] = [vendorASN], confidence: String = "high") throws -> (CloudEndpointCatalog, [CatalogDiagnostic]) {
    let entry: [String: Any] = [
        "id": "example-camera-cloud", "operator": "Example Camera Vendor", "service": "Example camera cloud", "kind": "vendor-cloud",
        "names": ["cloud.example-camera.net"], "suffixes": [], "asns": asns, "confidence": confidence,
        "source": "https://example.net/ports-and-domains (test data)",
    ]
    let data = try JSONSerialization.data(withJSONObject: ["description": "test", "endpoints": [entry]])
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-asn-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(CloudEndpointCatalog.fileName)
    try data.write(to: url)
    return CloudEndpointCatalog.load(file: url)
}

/// An ASN database (GeoLite2-ASN layout): the vendor's network and an unrelated one.
private func asnLookup() throws -> GeoIPLookup {
    var writer = MMDBWriter(databaseType: "camaudit-Test-ASN", buildEpoch: 1_700_086_400, ipVersion: 4)
    writer.insert(
        network: "203.0.113.0/24",
        .map([
            ("autonomous_system_number", .uint32(UInt32(vendorASN))),
            ("autonomous_system_organization", .string("Example Camera Vendor Net")),
        ]))
    writer.insert(
        network: "198.51.100.0/24",
        .map([
            ("autonomous_system_number", .uint32(UInt32(otherASN))), ("autonomous_system_organization", .string("Unrelated Hosting")),
        ]))
    return GeoIPLookup(databases: [try GeoIPDatabase(path: try MMDBWriter.write(writer.bytes(), named: "asn.mmdb"))])
}

/// A camera with three long-lived sessions and no DNS for two of them: one into the vendor's own network, one
/// into an unrelated network, and one into the vendor's network under a name the data does not list.
private func steadyStateCapture() throws -> FlowTable {
    typealias F = FrameBuilder
    var writer = PcapWriter(linkType: 1)
    func up(_ ip: [UInt8]) -> [UInt8] { F.ethernet(source: F.cameraMAC, destination: F.routerMAC, ip) }
    func down(_ ip: [UInt8]) -> [UInt8] { F.ethernet(source: F.routerMAC, destination: F.cameraMAC, ip) }
    let named: [UInt8] = [203, 0, 113, 99]
    let name = "unlisted.example.org"
    writer.add(
        up(F.ipv4(source: F.camera, destination: F.resolver, protocolNumber: 17, F.udp(40000, 53, F.dnsQuery(id: 9, name: name)))), at: 10.0
    )
    writer.add(
        down(
            F.ipv4(
                source: F.resolver, destination: F.camera, protocolNumber: 17,
                F.udp(53, 40000, F.dnsResponse(id: 9, name: name, alias: "edge.example.org", address: named)))), at: 10.01)
    for (index, server) in [F.cloud, F.broker, named].enumerated() {
        let port = 50000 + index
        let start = 20.0 + Double(index)
        writer.add(
            up(F.ipv4(source: F.camera, destination: server, protocolNumber: 6, F.tcp(port, 8443, flags: 0x02, sequence: 0))),
            at: start - 0.2)
        writer.add(down(F.ipv4(source: server, destination: F.camera, protocolNumber: 6, F.tcp(8443, port, flags: 0x12))), at: start - 0.1)
        writer.add(
            up(
                F.ipv4(source: F.camera, destination: server, protocolNumber: 6, F.tcp(port, 8443, flags: 0x18, [0x17, 0x03, 0x03, 0, 32]))),
            at: start)
        writer.add(
            down(
                F.ipv4(source: server, destination: F.camera, protocolNumber: 6, F.tcp(8443, port, flags: 0x18, [0x17, 0x03, 0x03, 0, 64]))),
            at: start + 300)
    }
    let path = try writer.write(named: "steady-state.pcap")
    var table = FlowTable()
    try table.add(capture: try CaptureReader(path: path))
    return table
}

@Suite("DestinationClassifier by network owner (ASN)")
struct DestinationClassifierNetworkOwnerTests {
    @Test func theCatalogReadsASNsAndRefusesNumbersThatNameNoNetworkOwner() throws {
        let (catalog, diagnostics) = try ownerCatalog()
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(catalog.endpoints.first?.asns == [vendorASN])
        for bad in [0, 23456, 64512, 65535, 70000, 4_200_000_000] {
            let (refused, problems) = try ownerCatalog(asns: [bad])
            #expect(refused.endpoints.isEmpty, "AS\(bad) was accepted")
            #expect(problems.contains { $0.message.contains("asn \(bad) is not a public autonomous system number") }, "\(problems)")
        }
    }

    @Test func anUnnamedDestinationInTheVendorsNetworkIsTheVendorsAtALowerConfidence() throws {
        let steps: [(stated: String, expected: CloudEndpoint.Confidence)] = [("high", .medium), ("medium", .low), ("low", .low)]
        for (stated, expected) in steps {
            let classifier = DestinationClassifier(catalog: try ownerCatalog(confidence: stated).0)
            let address = IPAddress("93.184.215.14")!
            let found = try #require(
                classifier.classify(address: address, networkOwner: vendorASN, organization: "Example Camera Vendor Net"))
            #expect(found.basis == .networkOwner && found.category == .vendorCloud && found.endpointID == "example-camera-cloud")
            #expect(found.confidence == expected)
            #expect(
                found.evidence.contains("by network owner AS\(vendorASN) (Example Camera Vendor Net) from the ASN database"),
                "\(found.evidence)")
            let byName = classifier.classify(address: address, hostName: "cloud.example-camera.net", port: 443, transport: .tcp)
            #expect(byName.confidence == CloudEndpoint.Confidence(rawValue: stated), "a name keeps the entry's own confidence")
        }
        let classifier = DestinationClassifier(catalog: try ownerCatalog().0)
        #expect(classifier.classify(address: IPAddress("93.184.215.14")!, networkOwner: otherASN) == nil)
        #expect(
            classifier.classify(address: IPAddress("192.168.1.10")!, networkOwner: vendorASN) == nil, "a local address is never a cloud")
    }

    @Test func theAuditUsesTheASNDatabaseOnlyForDestinationsWithoutAName() throws {
        let analysis = TrafficAnalysis(classifier: DestinationClassifier(catalog: try ownerCatalog().0))
        let table = try steadyStateCapture()
        var lookup: GeoIPLookup? = try asnLookup()
        let camera = try #require(analysis.devices(in: table, geoIP: &lookup).first { $0.address.description == "192.168.1.64" })
        let vendor = try #require(camera.destinations.first { $0.address.description == "203.0.113.10" })
        #expect(vendor.name == nil)
        #expect(vendor.classification.basis == .networkOwner && vendor.classification.endpointID == "example-camera-cloud")
        #expect(vendor.classification.evidence.contains("AS\(vendorASN) (Example Camera Vendor Net) from the ASN database"))
        #expect(vendor.geo?.asn == vendorASN)
        let unrelated = try #require(camera.destinations.first { $0.address.description == "198.51.100.7" })
        #expect(unrelated.classification.category == .unknown && unrelated.geo?.asn == otherASN)
        let named = try #require(camera.destinations.first { $0.address.description == "203.0.113.99" })
        #expect(named.name == "unlisted.example.org")
        #expect(named.classification.category == .unknown, "a name the data does not list is not overruled by the network owner")

        // Without a database nothing changes: the unnamed session stays unknown.
        var none: GeoIPLookup?
        let plain = try #require(analysis.devices(in: table, geoIP: &none).first { $0.address.description == "192.168.1.64" })
        #expect(plain.destinations.first { $0.address.description == "203.0.113.10" }?.classification.category == .unknown)
    }
}
