import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import Foundation
import Testing

@testable import CamAuditTraffic

@Suite("Attribution without a scan: camera or the phone that watches it")
struct DeviceAttributionTests {
    static func analysis() throws -> TrafficAnalysis {
        TrafficAnalysis(
            classifier: DestinationClassifier(catalog: try CloudEndpointCatalog.bundled()),
            identifier: Identifier(catalog: try FingerprintCatalog.bundled()), captureName: "home.pcap")
    }

    static func table() throws -> FlowTable {
        let path = try HomeNetworkCapture.writer().write(named: "home.pcap")
        var table = FlowTable()
        try table.add(capture: try CaptureReader(path: path))
        return table
    }

    static func device(_ address: String, in devices: [DeviceTraffic]) throws -> DeviceTraffic {
        try #require(devices.first { $0.address.description == address }, "\(address) is reported")
    }

    @Test func theCaptureCollectsAnnouncementsDHCPAndSearches() throws {
        let table = try Self.table()
        let announcements = table.announcements
        let camera = try #require(IPAddress("192.168.1.64")), phone = try #require(IPAddress("192.168.1.23"))
        let cameraFields = Set(announcements.observations[camera, default: []].map(\.field.rawValue))
        #expect(
            cameraFields.isSuperset(of: ["onvif.scopes", "wsdiscovery.types", "ssdp.server"]), "Hello and NOTIFY were read: \(cameraFields)"
        )
        #expect(announcements.searches[phone] == ["WS-Discovery Probe"])
        #expect(announcements.leases[phone] == MACAddress(HomeNetworkCapture.phoneMAC), "the ACK ties the phone's address to its MAC")
        let phoneDHCP = announcements.observations(of: phone, mac: nil).map(\.value)
        #expect(phoneDHCP.contains("android-dhcp-13") && phoneDHCP.contains("Pixel-7"))
        #expect(announcements.unreadable == 0, "an mDNS query is chatter, not damage")
    }

    @Test func theCameraIsAVideoDeviceWithPhoneHomeFindings() throws {
        let devices = try Self.analysis().devices(in: try Self.table())
        let camera = try Self.device("192.168.1.64", in: devices)
        #expect(camera.attribution.role == .videoDevice)
        #expect(camera.attribution.manufacturer == "Hikvision")
        #expect(camera.attribution.model == "DS-2CD2385G1-I")
        #expect(camera.attribution.decidedBy == "capture")
        #expect(camera.attribution.evidence.contains { $0.contains("served video") })
        #expect(Set(camera.findings.map(\.id)) == ["phone-home-cloud", "phone-home-p2p", "phone-home-unknown", "video-upload"])
        #expect(camera.attribution.evidence.contains { $0.contains("pushes video") })
        let upload = try #require(camera.findings.first { $0.id == "video-upload" })
        #expect(upload.kind == .phoneHome && upload.severity == .high)
        #expect(upload.evidence.first?.contains("203.0.113.50") == true)
        let relay = try #require(camera.destinations.first { $0.address.description == "203.0.113.50" })
        #expect(relay.bytesUp == HomeNetworkCapture.videoBytes)
        #expect(relay.videoUpload != nil)
        let cloud = try #require(camera.destinations.first { $0.address.description == "203.0.113.10" })
        #expect(cloud.name == "litedev.hik-connect.com")
        #expect(cloud.videoUpload == nil, "a TLS session that downloads is not video")
        #expect(camera.firstSeen != nil && camera.lastSeen! > camera.firstSeen!)
    }

    @Test func thePhoneRunningTheAppIsAClientNotACamera() throws {
        let devices = try Self.analysis().devices(in: try Self.table())
        let phone = try Self.device("192.168.1.23", in: devices)
        #expect(phone.attribution.role == .client)
        #expect(phone.attribution.family == "Android")
        #expect(phone.findings.isEmpty, "a client gets no phone-home finding")
        let evidence = phone.attribution.evidence.joined(separator: " | ")
        for cue in [
            "android-dhcp-13", "locally administered", "apiieu.ezvizlife.com", "pulled video", "searched", "distinct internet hosts",
            "it pulls video",
        ] {
            #expect(evidence.contains(cue), "missing cue \(cue): \(evidence)")
        }
        // The relay it downloads from is the same one the camera uploads to, yet its download is no upload.
        let relay = try #require(phone.destinations.first { $0.address.description == "203.0.113.50" })
        #expect(relay.videoUpload == nil && relay.bytesDown == HomeNetworkCapture.videoBytes)
    }

    @Test func anAxisSeenOnlyByDHCPIsListedAsStayingLocal() throws {
        let devices = try Self.analysis().devices(in: try Self.table())
        let axis = try Self.device("192.168.1.70", in: devices)
        #expect(axis.attribution.role == .videoDevice)
        #expect(axis.attribution.manufacturer == "Axis" && axis.attribution.model == "P3225-LV Mk II")
        #expect(axis.destinations.isEmpty && axis.findings.isEmpty)
    }

    @Test func aHostWithNothingToGoByStaysUnknownWithoutFindings() throws {
        let devices = try Self.analysis().devices(in: try Self.table())
        let mystery = try Self.device("192.168.1.99", in: devices)
        #expect(mystery.attribution.role == .unknown)
        #expect(mystery.findings.isEmpty)
        #expect(mystery.destinations.map(\.address.description) == ["198.51.100.200"])
        #expect(
            devices.map(\.address.description) == ["192.168.1.23", "192.168.1.64", "192.168.1.70", "192.168.1.99"],
            "the router is not a device")
    }

    @Test func theScanInventoryDecidesWhenGiven() throws {
        let camera = DeviceReport(
            address: IPAddress("192.168.1.64")!, ports: [],
            identity: Identity(manufacturer: "Hikvision", deviceType: .camera, confidence: 0.9))
        // The scan calls the phone's address a camera: the inventory wins over the capture's shape.
        let wrong = DeviceReport(
            address: IPAddress("192.168.1.23")!, ports: [], identity: Identity(manufacturer: "Dahua", deviceType: .camera, confidence: 0.4))
        let metadata = ScanMetadata(
            id: "scan-1", version: "test", startedAt: Date(), finishedAt: Date(), targets: [], exclusions: [], ports: [],
            addressesScanned: 0, probesSent: 0, status: .completed)
        let report = ScanReport(scan: metadata, devices: [camera, wrong])
        let devices = try Self.analysis().devices(in: try Self.table(), inventory: ScanInventory(report: report))
        #expect(devices.map(\.address.description) == ["192.168.1.23", "192.168.1.64"], "hosts outside the scan are left out")
        #expect(devices.allSatisfy { $0.attribution.decidedBy == "scan scan-1" && $0.attribution.role == .videoDevice })
        let joined = report.joiningTraffic(devices, capture: "home.pcap")
        let joinedCamera = try #require(joined.devices.first { $0.address == camera.address })
        #expect(joinedCamera.findings.contains { $0.id == "video-upload" })
        #expect(joined.scan.trafficCaptures?.first?.hasPrefix("home.pcap: 2 device(s)") == true)
        let again = joined.joiningTraffic(devices, capture: "home.pcap")
        #expect(
            again.devices.map(\.findings.count) == joined.devices.map(\.findings.count),
            "joining the same capture twice does not duplicate findings")
        #expect(again.scan.trafficCaptures?.count == 1)
    }

    @Test(arguments: [
        (1_000_000, 0, 30.0, true), (1_000_000, 300_000, 30.0, false), (999_999, 0, 1.0, false),
        (2_000_000, 0, 200.0, false), (2_000_000, 0, 0.2, true),
    ])
    func videoUploadThresholds(up: Int, down: Int, seconds: Double, video: Bool) {
        #expect((VideoUpload.detect(bytesUp: up, bytesDown: down, seconds: seconds) != nil) == video)
    }

    @Test func dhcpParsingIsBoundedForEveryTruncation() throws {
        let message = HomeNetworkCapture.dhcp(
            type: 3, mac: HomeNetworkCapture.phoneMAC, requested: HomeNetworkCapture.phone,
            hostName: "Pixel-7", vendorClass: "android-dhcp-13")
        let parsed = try #require(DHCPMessage(parsing: message))
        #expect(parsed.vendorClass == "android-dhcp-13" && parsed.hostName == "Pixel-7" && parsed.messageType == 3)
        #expect(parsed.boundAddress == IPAddress("192.168.1.23"))
        for length in 0..<message.count - 1 {
            // Cut inside an option: refused; cut between options (no end marker): what was read is kept.
            if let cut = DHCPMessage(parsing: Array(message.prefix(length))) { #expect(length >= 240 && cut.clientMAC != nil) }
        }
        var overrun = message
        overrun[overrun.count - 2 - "android-dhcp-13".utf8.count] = 200  // option 60 claims 200 bytes
        #expect(DHCPMessage(parsing: overrun) == nil)
    }

    @Test func announcementsAreBoundedAndHostileOnesAreCounted() {
        var announcements = CaptureAnnouncements()
        let host = IPAddress.v4(0xC0A8_0140)
        // An SSDP answer whose header block never ends: unreadable, counted, and only so many per host.
        let broken = Array("HTTP/1.1 200 OK\r\nSERVER: Linux/3.0 UPnP/1.0".utf8)
        for _ in 0..<1_000 {
            broken.withUnsafeBytes { announcements.inspect(source: host, sourcePort: 1900, destinationPort: 50_000, payload: $0) }
        }
        #expect(announcements.unreadable == CaptureAnnouncements.maximumDatagramsPerHost)
        #expect(announcements.observations[host] == nil)
        // A DHCP server's reply names the client's lease, never the client's software.
        let reply = HomeNetworkCapture.dhcp(
            type: 5, mac: HomeNetworkCapture.phoneMAC, yours: HomeNetworkCapture.phone, vendorClass: "MSFT 5.0", reply: true)
        reply.withUnsafeBytes { announcements.inspect(source: .v4(0xC0A8_0101), sourcePort: 67, destinationPort: 68, payload: $0) }
        #expect(announcements.leases[IPAddress("192.168.1.23")!] == MACAddress(HomeNetworkCapture.phoneMAC))
        #expect(announcements.dhcpByMAC[MACAddress(HomeNetworkCapture.phoneMAC)] == nil)
        // A flood of hosts each announcing: the table stops at its bound.
        let notify = HomeNetworkCapture.notify()
        for number in 0..<5_000 {
            notify.withUnsafeBytes {
                announcements.inspect(source: .v4(0x0A00_0000 + UInt32(number)), sourcePort: 1900, destinationPort: 1900, payload: $0)
            }
        }
        #expect(announcements.observations.count <= CaptureAnnouncements.maximumHosts)
        #expect(announcements.observations.count > 1_000, "the hosts before the bound were read")
    }
}
