import CamAuditCatalog
import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

/// The bundled data, loaded once; every test fails loudly if it does not lint clean.
private let bundledCatalog: CloudEndpointCatalog = {
    guard let url = CloudEndpointCatalog.bundledFile else { return CloudEndpointCatalog(endpoints: []) }
    return CloudEndpointCatalog.load(file: url, vocabulary: (try? FingerprintCatalog.bundled())?.vocabulary).0
}()

private let classifier = DestinationClassifier(catalog: bundledCatalog)
/// A public address from no entry of the data (TEST-NET ranges are "documentation", so use a plain global one).
private let somePublicAddress = IPAddress("93.184.215.14")!

@Suite struct DestinationClassifierTests {
    @Test func bundledDataLintsClean() throws {
        let url = try #require(CloudEndpointCatalog.bundledFile)
        let (catalog, diagnostics) = CloudEndpointCatalog.load(file: url, vocabulary: try FingerprintCatalog.bundled().vocabulary)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(catalog.endpoints.count >= 12)
        #expect(Set(catalog.endpoints.map(\.kind)).isSuperset(of: [.vendorCloud, .p2pBroker, .ntp, .dns]))
    }

    struct NameCase: Sendable, CustomStringConvertible {
        var endpoint: CloudEndpoint
        var name: String
        var description: String { "\(endpoint.id): \(name)" }
    }

    static let nameCases: [NameCase] = bundledCatalog.endpoints.flatMap { endpoint in
        (endpoint.names + endpoint.suffixes + endpoint.suffixes.map { "some-host.\($0)" }).map { NameCase(endpoint: endpoint, name: $0) }
    }

    @Test(arguments: nameCases) func everyListedNameClassifiesToItsEntry(_ item: NameCase) {
        for spelling in [item.name, item.name.uppercased(), item.name + "."] {
            let result = classifier.classify(address: somePublicAddress, hostName: spelling, port: 443, transport: .tcp)
            #expect(result.endpointID == item.endpoint.id, "\(spelling): \(result.evidence)")
            #expect(result.category == DestinationClassification.Category(rawValue: item.endpoint.kind.rawValue))
            #expect(result.vendor == item.endpoint.vendor)
            #expect(result.evidence.contains(item.name.lowercased()))
        }
    }

    @Test func hikConnectNamesGiveHikvision() {
        let result = classifier.classify(address: somePublicAddress, hostName: "litedev.hik-connect.com", port: 443, transport: .tcp)
        #expect(result.category == .vendorCloud && result.vendor == "Hikvision" && result.service == "Hik-Connect" && result.basis == .name)
        let tuya = classifier.classify(address: somePublicAddress, hostName: "a1.tuyaeu.com", port: 8883, transport: .tcp)
        #expect(tuya.category == .iotCloud && tuya.vendor == nil && tuya.operatorName == "Tuya" && tuya.basis == .suffix)
    }

    /// Eufy Security and TP-Link VIGI: the hosts the sources show a camera or the app reaching, and the VIGI
    /// portal only the owner's browser or app reaches (so it marks an app, never a camera).
    @Test func eufyAndVIGIHosts() {
        let thumbnails = classifier.classify(
            address: somePublicAddress, hostName: "zhixin-security-pr.s3.us-west-2.amazonaws.com", port: 443, transport: .tcp)
        #expect(thumbnails.endpointID == "eufy-security-cloud" && thumbnails.category == .vendorCloud && thumbnails.basis == .name)
        let api = classifier.classify(address: somePublicAddress, hostName: "security-app-eu.eufylife.com", port: 443, transport: .tcp)
        #expect(api.endpointID == "eufy-security-cloud" && api.side != "app")
        let portal = classifier.classify(address: somePublicAddress, hostName: "mysecurity.eufylife.com", port: 443, transport: .tcp)
        #expect(portal.endpointID == "eufy-security-cloud" && portal.side == "app")
        let vigi = classifier.classify(address: somePublicAddress, hostName: "vms.tplinkcloud.com", port: 443, transport: .tcp)
        #expect(vigi.endpointID == "tplink-vigi-vms" && vigi.vendor == "TP-Link" && vigi.side == "app")
        // Only the listed hosts: the rest of eufylife.com (also Eufy's vacuums and scales) and tplinkcloud.com stay unknown.
        for other in ["home-api.eufylife.com", "n-deventry.tplinkcloud.com"] {
            #expect(classifier.classify(address: somePublicAddress, hostName: other, port: 443, transport: .tcp).endpointID == nil)
        }
    }

    /// The business and DDNS clouds issue 13 added (Wisenet HBIRD, OpenEye OWS, VXG uplink, Lorex DDNS): a host
    /// the vendor's page names gives the entry by name, a host under a listed umbrella domain by suffix, and
    /// what the sources do not cover (the rest of vxg.io) stays unknown.
    @Test func businessAndDDNSCloudsAddedForIssue13() {
        let wisenet = classifier.classify(
            address: somePublicAddress, hostName: "mqtt.prod.wra1.wisenetcloud.com", port: 5000, transport: .tcp)
        #expect(wisenet.endpointID == "hanwha-wisenet-p2p" && wisenet.vendor == "Hanwha" && wisenet.basis == .name)
        #expect(wisenet.category == .vendorCloud && wisenet.confidence == .medium)
        let stun = classifier.classify(address: somePublicAddress, hostName: "stun1.wra1.wisenetcloud.com", port: 3478, transport: .udp)
        #expect(stun.endpointID == "hanwha-wisenet-p2p" && stun.basis == .suffix)

        let relay = classifier.classify(address: somePublicAddress, hostName: "r1.us.u5fgb.com", port: 443, transport: .tcp)
        #expect(relay.endpointID == "openeye-ows" && relay.operatorName == "OpenEye" && relay.vendor == nil && relay.basis == .suffix)
        #expect(classifier.classify(address: somePublicAddress, hostName: "openeye.net", port: 443, transport: .tcp).category == .unknown)

        let vxg = classifier.classify(address: somePublicAddress, hostName: "camera.vxg.io", port: 443, transport: .tcp)
        #expect(vxg.endpointID == "vxg-cloud-uplink" && vxg.basis == .name)
        #expect(classifier.classify(address: somePublicAddress, hostName: "www.vxg.io", port: 443, transport: .tcp).category == .unknown)

        let lorexNTP = classifier.classify(address: somePublicAddress, hostName: "ntp.lorexddns.net", port: 123, transport: .udp)
        #expect(lorexNTP.endpointID == "lorex-ddns" && lorexNTP.vendor == "Lorex" && lorexNTP.basis == .name)
        #expect(lorexNTP.confidence == .low)
        let recorder = classifier.classify(address: somePublicAddress, hostName: "myrecorder.lorexddns.net", port: 80, transport: .tcp)
        #expect(recorder.endpointID == "lorex-ddns" && recorder.basis == .suffix)
    }

    @Test(arguments: [
        "evilhik-connect.com", "hik-connect.com.attacker.net", "xhik-connect.com", "notezvizlife.com", "com", "connect.com", "tuyaeu.co",
    ])
    func lookalikeNamesDoNotMatch(_ name: String) {
        let result = classifier.classify(address: somePublicAddress, hostName: name, port: 443, transport: .tcp)
        #expect(result.category == .unknown, "\(name): \(result.evidence)")
        #expect(result.endpointID == nil)
    }

    @Test func cs2MessageOnUDP32100IsAP2PBroker() {
        let hello: [UInt8] = [0xf1, 0x00, 0x00, 0x00]
        let result = classifier.classify(address: somePublicAddress, port: 32100, transport: .udp, payload: hello)
        #expect(result.category == .p2pBroker && result.endpointID == "cs2-pppp" && result.basis == .payloadSignature)
        #expect(result.evidence.contains("f1 00 00 00"))
        // Same port, other bytes: still CS2 by the port, but said to be weaker.
        let other = classifier.classify(address: somePublicAddress, port: 32100, transport: .udp, payload: [0x17, 0x03, 0x03, 0x00])
        #expect(other.endpointID == "cs2-pppp" && other.basis == .port)
        // 0xF1 on TCP 32100 or on another UDP port is not CS2.
        #expect(classifier.classify(address: somePublicAddress, port: 32100, transport: .tcp, payload: hello).category == .unknown)
        #expect(classifier.classify(address: somePublicAddress, port: 32101, transport: .udp, payload: hello).category == .unknown)
    }

    @Test func dahuaP2PAndNTPAndDNSSignatures() {
        let dahua = classifier.classify(address: somePublicAddress, port: 8800, transport: .udp, payload: Array("DHGET /probe/p2psrv".utf8))
        #expect(dahua.endpointID == "dahua-p2p" && dahua.vendor == "Dahua" && dahua.basis == .payloadSignature)
        #expect(
            classifier.classify(address: somePublicAddress, port: 8800, transport: .udp, payload: Array("HELLO".utf8)).category == .unknown)
        let ntp = classifier.classify(
            address: somePublicAddress, port: 123, transport: .udp, payload: [0x23] + [UInt8](repeating: 0, count: 47))
        #expect(ntp.category == .ntp)
        #expect(classifier.classify(address: somePublicAddress, port: 123, transport: .udp, payload: [0x23]).category == .unknown)
        let dns = classifier.classify(address: somePublicAddress, port: 53, transport: .udp, payload: [UInt8](repeating: 0, count: 12))
        #expect(dns.category == .dns)
    }

    @Test func tuyaMQTTPortCountsOnlyWhenNothingNamesTheDestination() {
        let unnamed = classifier.classify(address: somePublicAddress, port: 8883, transport: .tcp)
        #expect(unnamed.endpointID == "tuya-cloud" && unnamed.basis == .port)
        #expect(unnamed.evidence.contains("port alone"))
        // A name says who the broker is: AWS IoT on 8883 is not Tuya, and stays unknown.
        let named = classifier.classify(
            address: somePublicAddress, hostName: "a1b2c3-ats.iot.eu-west-1.amazonaws.com", port: 8883, transport: .tcp)
        #expect(named.category == .unknown)
        let tuya = classifier.classify(address: somePublicAddress, hostName: "m1.tuyaeu.com", port: 8883, transport: .tcp)
        #expect(tuya.endpointID == "tuya-cloud" && tuya.basis == .name)
        // NTP's port-only signature still holds for a vendor's own time server name.
        let ntp = classifier.classify(
            address: somePublicAddress, hostName: "time.vendor.example", port: 123, transport: .udp,
            payload: [0x23] + [UInt8](repeating: 0, count: 47))
        #expect(ntp.category == .ntp)
    }

    @Test func unnamedOnlyIsRefusedOnAPayloadSignature() throws {
        let text = """
            {"description": "test", "endpoints": [{"id": "x", "operator": "X", "service": "X", "kind": "p2p-broker", "confidence": "low", "source": "test",
              "signatures": [{"transport": "udp", "ports": [1], "payloadPrefixes": ["f1"], "unnamedOnly": true, "description": "d"}]}]}
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cloud-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        let (catalog, diagnostics) = CloudEndpointCatalog.load(file: url, vocabulary: nil)
        #expect(catalog.endpoints.isEmpty)
        #expect(diagnostics.contains { $0.message.contains("unnamedOnly") })
    }

    @Test func hardCodedAddressMatches() {
        let result = classifier.classify(address: IPAddress("50.19.254.134")!, port: 10240, transport: .udp)
        #expect(result.category == .p2pBroker && result.endpointID == "throughtek-kalay" && result.basis == .address)
    }

    @Test(arguments: [
        "192.168.1.10", "10.0.0.1", "172.16.5.5", "127.0.0.1", "169.254.1.1", "224.0.0.251", "239.255.255.250", "255.255.255.255", "::1",
        "fe80::1", "fd12:3456::1", "ff02::fb",
    ])
    func localDestinationsAreLocalEvenWithACloudName(_ text: String) {
        let result = classifier.classify(
            address: IPAddress(text)!, hostName: "litedev.hik-connect.com", port: 32100, transport: .udp, payload: [0xf1, 0, 0, 0])
        #expect(result.category == .local, "\(text): \(result.evidence)")
        #expect(result.endpointID == nil)
    }

    @Test func userLocalPrefixesAndPublicNeighbours() {
        let withPrefix = DestinationClassifier(catalog: bundledCatalog, localPrefixes: [NetworkPrefix("93.184.215.0/24")!])
        #expect(withPrefix.classify(address: somePublicAddress, port: 443, transport: .tcp).basis == .localPrefix)
        // 172.32.0.1 and 100.64.0.1 are not RFC 1918: they must not be called local.
        #expect(classifier.classify(address: IPAddress("172.32.0.1")!, port: 443, transport: .tcp).category == .unknown)
        #expect(classifier.classify(address: IPAddress("100.64.0.1")!, port: 443, transport: .tcp).category == .unknown)
    }

    @Test func unknownExplainsItselfAndSurvivesHostileNames() {
        let plain = classifier.classify(address: somePublicAddress, hostName: "example.org", port: 443, transport: .tcp)
        #expect(plain.category == .unknown && plain.evidence.contains("example.org") && plain.evidence.contains("93.184.215.14"))
        let hostile = classifier.classify(
            address: somePublicAddress, hostName: "bad\u{1}name\n" + String(repeating: "x", count: 5000), port: 443, transport: .tcp)
        #expect(hostile.category == .unknown)
        #expect(!hostile.evidence.contains("\n") && hostile.evidence.count < 300)
        #expect(classifier.classify(address: somePublicAddress, hostName: "", port: 443, transport: .tcp).category == .unknown)
    }
}
