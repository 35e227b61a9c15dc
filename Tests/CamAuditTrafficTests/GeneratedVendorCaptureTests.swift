import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import Foundation
import Testing

@testable import CamAuditTraffic

/// Captures written in code for the ecosystems no licensed public capture covers (Hikvision/EZVIZ,
/// Dahua/Imou) and for the signals the real corpus motivated, from the vendors' documented behaviour.
/// Addresses are documentation ranges; nothing is sent anywhere.
enum VendorCapture {
    typealias F = FrameBuilder
    static let router: [UInt8] = [192, 168, 1, 1]
    static let routerMAC = F.routerMAC

    struct Script {
        var records: [(frame: [UInt8], time: Double)] = []
        var clock = 2_000_000_000.0

        mutating func add(_ frame: [UInt8], advance: Double = 0.05) {
            records.append((frame, clock))
            clock += advance
        }

        mutating func ip(
            _ fromMAC: [UInt8], _ toMAC: [UInt8], _ source: [UInt8], _ destination: [UInt8], _ protocolNumber: UInt8, _ payload: [UInt8]
        ) {
            add(
                F.ethernet(
                    source: fromMAC, destination: toMAC,
                    F.ipv4(source: source, destination: destination, protocolNumber: protocolNumber, payload)))
        }

        /// A DNS lookup of `name` answered with `address`, then a TLS ClientHello naming it.
        mutating func tls(_ mac: [UInt8], _ host: [UInt8], to name: String, at address: [UInt8], port: Int) {
            ip(mac, routerMAC, host, router, 17, F.udp(port, 53, F.dnsQuery(id: port & 0xFFFF, name: name)))
            ip(
                routerMAC, mac, router, host, 17,
                F.udp(53, port, F.dnsResponse(id: port & 0xFFFF, name: name, alias: "edge.example-cdn.net", address: address)))
            ip(mac, routerMAC, host, address, 6, F.tcp(port, 443, flags: 0x02, sequence: 0))
            ip(routerMAC, mac, address, host, 6, F.tcp(443, port, flags: 0x12, sequence: 0))
            ip(mac, routerMAC, host, address, 6, F.tcp(port, 443, flags: 0x18, F.clientHello(serverName: name)))
        }

        /// `count` datagrams of `length` IP bytes, captured cut at their first bytes (the file stays small).
        mutating func stream(
            _ fromMAC: [UInt8], _ toMAC: [UInt8], _ source: [UInt8], _ destination: [UInt8], ports: (Int, Int), count: Int, length: Int,
            header: [UInt8]
        ) {
            for index in 0..<count {
                add(
                    F.ethernet(
                        source: fromMAC, destination: toMAC,
                        HomeNetworkCapture.cutIPv4(
                            source: source, destination: destination, totalLength: length,
                            F.udp(ports.0, ports.1, header + F.be16(index) + [UInt8](repeating: 0x47, count: 30)))), advance: 0.2)
            }
        }

        func devices() throws -> [DeviceTraffic] {
            var writer = PcapWriter(linkType: 1)
            for (frame, time) in records { writer.add(frame, at: time) }
            let path = try writer.write(named: "vendor.pcap")
            var table = FlowTable()
            try table.add(capture: try CaptureReader(path: path))
            let analysis = TrafficAnalysis(
                classifier: DestinationClassifier(catalog: try CloudEndpointCatalog.bundled()),
                identifier: Identifier(catalog: try FingerprintCatalog.bundled()), captureName: "vendor.pcap")
            return analysis.devices(in: table)
        }
    }

    /// A CS2/PPPP message: 0xF1, the type, the big-endian length of the rest (Wladimir Palant, "An overview of
    /// the PPPP protocol for IoT cameras", palant.info, 2025-11-05).
    static func cs2(_ type: UInt8, _ body: [UInt8]) -> [UInt8] { [0xF1, type] + F.be16(body.count) + body }
}

@Suite("Generated captures: camera ecosystems without a public capture, and the corpus' signals")
struct GeneratedVendorCaptureTests {
    typealias F = FrameBuilder
    static let camera: [UInt8] = [192, 168, 1, 64]
    static let phone: [UInt8] = [192, 168, 1, 23]
    static let cameraMAC: [UInt8] = [0x00, 0x1B, 0x2C, 0x3D, 0x4E, 0x5F]
    static let phoneMAC: [UInt8] = [0x00, 0x1B, 0x2C, 0x10, 0x20, 0x30]

    static func device(_ address: [UInt8], in devices: [DeviceTraffic]) throws -> DeviceTraffic {
        let text = address.map { String($0) }.joined(separator: ".")
        return try #require(devices.first { $0.address.description == text }, "\(text) is listed")
    }

    /// An EZVIZ (Hikvision) camera as the EZVIZ cloud entry of data/cloud-endpoints.json documents it: the
    /// device reaches litedev.ezvizlife.com (EZVIZ doorbell traffic analysis; RenierM26/pyEzvizApi), the app
    /// reaches apiieu.ezvizlife.com. The camera streams to the app through a relay; the phone pulls it.
    @Test func anEZVIZCameraIsNamedAndItsPhoneStaysAClient() throws {
        var script = VendorCapture.Script()
        let cloud: [UInt8] = [203, 0, 113, 10], relay: [UInt8] = [203, 0, 113, 50], api: [UInt8] = [203, 0, 113, 80]
        script.tls(Self.cameraMAC, Self.camera, to: "litedev.ezvizlife.com", at: cloud, port: 50000)
        script.stream(
            Self.cameraMAC, F.routerMAC, Self.camera, relay, ports: (42000, 6000), count: 20, length: 60_000, header: [0x80, 0x60])
        script.tls(Self.phoneMAC, Self.phone, to: "apiieu.ezvizlife.com", at: api, port: 51000)
        script.stream(F.routerMAC, Self.phoneMAC, relay, Self.phone, ports: (6000, 43000), count: 6, length: 60_000, header: [0x80, 0x60])
        let devices = try script.devices()
        let camera = try Self.device(Self.camera, in: devices)
        #expect(camera.attribution.role == .videoDevice, "\(camera.attribution.evidence)")
        #expect(camera.attribution.evidence.contains { $0.contains("camera clouds by name") })
        #expect(Set(camera.findings.map(\.id)).isSuperset(of: ["phone-home-cloud", "video-upload"]))
        let phone = try Self.device(Self.phone, in: devices)
        #expect(phone.attribution.role == .client, "\(phone.attribution.evidence)")
        #expect(phone.findings.isEmpty)
    }

    /// A Dahua/Imou camera as dh-p2p documents its P2P registration (khoanguyen-3fc/dh-p2p README: an HTTP-like
    /// DHPOST over UDP to www.easy4ipcloud.com:8800) plus the Imou cloud (imoulife.com), then P2P video to a viewer
    /// outside the network: a one-way UDP stream.
    @Test func aDahuaImouCameraIsNamedWithP2PAndCloudFindings() throws {
        var script = VendorCapture.Script()
        let p2p: [UInt8] = [198, 51, 100, 7], cloud: [UInt8] = [203, 0, 113, 20], viewer: [UInt8] = [192, 0, 2, 99]
        script.ip(
            Self.cameraMAC, F.routerMAC, Self.camera, VendorCapture.router, 17,
            F.udp(40000, 53, F.dnsQuery(id: 7, name: "www.easy4ipcloud.com")))
        script.ip(
            F.routerMAC, Self.cameraMAC, VendorCapture.router, Self.camera, 17,
            F.udp(53, 40000, F.dnsResponse(id: 7, name: "www.easy4ipcloud.com", alias: "p2p.example-cdn.net", address: p2p)))
        script.ip(
            Self.cameraMAC, F.routerMAC, Self.camera, p2p, 17,
            F.udp(41000, 8800, Array("DHPOST /probe/p2psrv HTTP/1.1\r\nCSeq: 1\r\n\r\n".utf8)))
        script.tls(Self.cameraMAC, Self.camera, to: "device.imoulife.com", at: cloud, port: 50010)
        script.stream(
            Self.cameraMAC, F.routerMAC, Self.camera, viewer, ports: (42000, 38000), count: 6, length: 60_000, header: [0x24, 0x00])
        let devices = try script.devices()
        let camera = try Self.device(Self.camera, in: devices)
        #expect(camera.attribution.role == .videoDevice, "\(camera.attribution.evidence)")
        #expect(camera.attribution.evidence.contains { $0.contains("streamed") && $0.contains("192.0.2.99") })
        #expect(Set(camera.findings.map(\.id)).isSuperset(of: ["phone-home-p2p", "phone-home-cloud"]))
    }

    /// CS2 on a port that is not 32100, as the Wansview in the MUDscope capture does (UDP 60722): the device
    /// login (0x12) names the camera and its server is a P2P broker; the app's LAN search (0x30) names the phone.
    @Test func aCS2LoginOnAnyPortNamesTheCameraAndALANSearchNamesTheApp() throws {
        var script = VendorCapture.Script()
        let broker: [UInt8] = [198, 51, 100, 70]
        for _ in 0..<3 {
            script.ip(Self.cameraMAC, F.routerMAC, Self.camera, broker, 17, F.udp(40100, 60722, VendorCapture.cs2(0x00, [])))
            script.ip(
                Self.cameraMAC, F.routerMAC, Self.camera, broker, 17,
                F.udp(40100, 60722, VendorCapture.cs2(0x12, Array("ajy".utf8) + [0, 0, 0, 1] + [UInt8](repeating: 0x41, count: 24))))
            script.ip(F.routerMAC, Self.cameraMAC, broker, Self.camera, 17, F.udp(60722, 40100, VendorCapture.cs2(0x13, [0, 0, 0, 0])))
            script.ip(
                Self.phoneMAC, HomeNetworkCapture.broadcastMAC, Self.phone, [255, 255, 255, 255], 17,
                F.udp(40200, 32108, VendorCapture.cs2(0x30, [])))
            script.ip(
                Self.phoneMAC, F.routerMAC, Self.phone, broker, 17,
                F.udp(40201, 32100, VendorCapture.cs2(0x20, [UInt8](repeating: 0x42, count: 36))))
        }
        let devices = try script.devices()
        let camera = try Self.device(Self.camera, in: devices)
        #expect(camera.attribution.role == .videoDevice, "\(camera.attribution.evidence)")
        #expect(camera.attribution.evidence.contains { $0.contains("CS2/PPPP P2P server") })
        let server = try #require(camera.destinations.first { $0.address.description == "198.51.100.70" })
        // The Wansview entry (its CS2-style servers on UDP 60722) or, for any other port, the generic CS2 entry.
        #expect(
            server.classification.category == .p2pBroker
                && ["cs2-pppp", "wansview-ajcloud-p2p"].contains(server.classification.endpointID ?? ""),
            "\(server.classification)")
        #expect(camera.findings.contains { $0.id == "phone-home-p2p" })
        let phone = try Self.device(Self.phone, in: devices)
        #expect(phone.attribution.role == .client, "\(phone.attribution.evidence)")
    }

    /// A camera whose DHCP vendor class is Windows' `MSFT 5.0` but whose WS-Discovery Hello names an ONVIF
    /// NetworkVideoTransmitter (issue 13's Tapo camera): the announcement outweighs the generic vendor class.
    @Test func aNetworkVideoTransmitterHelloOutweighsAGenericDHCPVendorClass() throws {
        var script = VendorCapture.Script()
        let broadcastMAC = HomeNetworkCapture.broadcastMAC, multicastMAC = HomeNetworkCapture.multicastMAC
        script.ip(
            Self.cameraMAC, broadcastMAC, [0, 0, 0, 0], [255, 255, 255, 255], 17,
            F.udp(
                68, 67,
                HomeNetworkCapture.dhcp(type: 3, mac: Self.cameraMAC, requested: Self.camera, hostName: "C200", vendorClass: "MSFT 5.0")))
        script.ip(Self.cameraMAC, multicastMAC, Self.camera, [239, 255, 255, 250], 17, F.udp(3702, 3702, HomeNetworkCapture.hello()))
        script.ip(Self.cameraMAC, F.routerMAC, Self.camera, [203, 0, 113, 99], 6, F.tcp(50000, 443, flags: 0x02, sequence: 0))
        let camera = try Self.device(Self.camera, in: try script.devices())
        #expect(camera.attribution.role == .videoDevice, "\(camera.attribution.evidence)")
        #expect(camera.attribution.evidence.contains { $0.contains("MSFT 5.0") }, "the vendor class still counts, weakly")
    }

    /// A smart plug that reaches the Kasa cloud (use1-api.tplinkra.com, as the HS110 in the signature-extraction
    /// capture does) is not a camera, and the destination is an `iot-cloud`.
    @Test func aPlugOnANonCameraCloudIsNotAVideoDevice() throws {
        var script = VendorCapture.Script()
        let plug: [UInt8] = [192, 168, 1, 135], plugMAC: [UInt8] = [0x50, 0xC7, 0xBF, 0xED, 0x0A, 0x54]
        script.tls(plugMAC, plug, to: "use1-api.tplinkra.com", at: [203, 0, 113, 30], port: 50020)
        let device = try Self.device(plug, in: try script.devices())
        #expect(device.attribution.role != .videoDevice, "\(device.attribution.evidence)")
        #expect(device.attribution.evidence.contains { $0.contains("smart-home clouds") })
        #expect(device.destinations.first?.classification.category == .iotCloud)
    }

    /// Reolink's Baichuan protocol (magic f0 de bc 0a, thirtythreeforty/neolink src/bc/model.rs) on the LAN: the
    /// server is a camera even though it reaches nothing outside, and the client pulling from it is a viewer.
    @Test func aBaichuanServerOnTheLANIsACamera() throws {
        var script = VendorCapture.Script()
        script.ip(Self.phoneMAC, Self.cameraMAC, Self.phone, Self.camera, 6, F.tcp(59935, 9000, flags: 0x02, sequence: 0))
        script.ip(Self.cameraMAC, Self.phoneMAC, Self.camera, Self.phone, 6, F.tcp(9000, 59935, flags: 0x12, sequence: 0))
        script.ip(
            Self.phoneMAC, Self.cameraMAC, Self.phone, Self.camera, 6,
            F.tcp(59935, 9000, flags: 0x18, [0xF0, 0xDE, 0xBC, 0x0A, 0x01, 0, 0, 0] + [UInt8](repeating: 0, count: 16)))
        let devices = try script.devices()
        let camera = try Self.device(Self.camera, in: devices)
        #expect(camera.attribution.role == .videoDevice, "\(camera.attribution.evidence)")
        #expect(camera.destinations.isEmpty)
        // The viewer reaches nothing outside either; as a client it is listed too (who watches the camera).
        let viewer = try Self.device(Self.phone, in: devices)
        #expect(viewer.attribution.role == .client, "\(viewer.attribution.evidence)")
        #expect(viewer.findings.isEmpty)
    }

    /// The phone side of the real corpus: an Android phone reaches Google Play services (play.googleapis.com, as the
    /// Kasa capture's phone does) and FCM push (mtalk.google.com, Firebase's network configuration page), and
    /// receives a camera's one-way UDP stream on the LAN (as the D-Link capture's phone does). Both lean client;
    /// the camera streaming to it stays a video device.
    @Test func aPhoneOnOSServicesThatReceivesTheLANStreamIsAClient() throws {
        var script = VendorCapture.Script()
        script.tls(Self.phoneMAC, Self.phone, to: "play.googleapis.com", at: [203, 0, 113, 60], port: 52000)
        script.tls(Self.phoneMAC, Self.phone, to: "mtalk.google.com", at: [203, 0, 113, 61], port: 52001)
        script.stream(
            Self.cameraMAC, Self.phoneMAC, Self.camera, Self.phone, ports: (45000, 46000), count: 6, length: 60_000, header: [0x80, 0x60])
        let devices = try script.devices()
        let phone = try Self.device(Self.phone, in: devices)
        #expect(phone.attribution.role == .client, "\(phone.attribution.evidence)")
        #expect(phone.attribution.evidence.contains { $0.contains("operating system") && $0.contains("play.googleapis.com") })
        #expect(phone.attribution.evidence.contains { $0.contains("received a one-way video stream") && $0.contains("192.168.1.64") })
        #expect(phone.destinations.allSatisfy { $0.classification.category == .osService })
        #expect(phone.findings.isEmpty)
        let camera = try Self.device(Self.camera, in: devices)
        #expect(camera.attribution.role == .videoDevice, "\(camera.attribution.evidence)")
    }
}
