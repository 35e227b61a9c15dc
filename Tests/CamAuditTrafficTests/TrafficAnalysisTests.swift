import CamAuditCatalog
import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

@Suite("Traffic analysis per device")
struct TrafficAnalysisTests {
    static func analysis() throws -> TrafficAnalysis {
        TrafficAnalysis(classifier: DestinationClassifier(catalog: try CloudEndpointCatalog.bundled()))
    }

    static func table() throws -> FlowTable {
        let path = try cameraCapture().write(named: "analysis.pcap")
        var table = FlowTable()
        try table.add(capture: try CaptureReader(path: path))
        return table
    }

    @Test func theCameraPhonesHikConnectAndACS2Broker() throws {
        let devices = try Self.analysis().devices(in: try Self.table())
        #expect(devices.map(\.address.description) == ["192.168.1.64"], "the resolver on the LAN is not an outside destination")
        let camera = try #require(devices.first)
        #expect(camera.mac == "44:19:b6:01:02:03")
        let cloud = try #require(camera.destinations.first { $0.address.description == "203.0.113.10" })
        #expect(cloud.name == "devices.hik-connect.com")
        #expect(cloud.classification.category == .vendorCloud)
        #expect(cloud.classification.vendor == "Hikvision")
        #expect(cloud.services == ["tcp/443"])
        #expect(cloud.bytesUp > 0 && cloud.bytesDown >= 1200)
        let broker = try #require(camera.destinations.first { $0.address.description == "198.51.100.7" })
        #expect(broker.classification.category == .p2pBroker)
        #expect(broker.services == ["udp/32100"])
        #expect(camera.bytesUp == camera.destinations.reduce(0) { $0 + $1.bytesUp })
    }

    @Test func theInventoryLimitsWhoIsReported() throws {
        func inventory(_ address: String, _ type: DeviceType) -> ScanInventory {
            let device = DeviceReport(address: IPAddress(address)!, ports: [], identity: Identity(deviceType: type, confidence: 0.9))
            let metadata = ScanMetadata(
                id: "s", version: "test", startedAt: Date(), finishedAt: Date(), targets: [], exclusions: [], ports: [],
                addressesScanned: 0, probesSent: 0, status: .completed)
            return ScanInventory(report: ScanReport(scan: metadata, devices: [device]))
        }
        #expect(try Self.analysis().devices(in: try Self.table(), inventory: inventory("192.168.1.23", .camera)).isEmpty)
        let reported = try Self.analysis().devices(in: try Self.table(), inventory: inventory("192.168.1.64", .camera))
        #expect(reported.map(\.address.description) == ["192.168.1.64"])
        #expect(reported.first?.attribution.role == .videoDevice)
        // Without a scan, the capture alone decides: a Hikvision OUI and camera-only destinations make it a camera.
        let alone = try Self.analysis().devices(in: try Self.table())
        #expect(alone.first?.attribution.role == .videoDevice, "\(alone.first?.attribution.evidence ?? [])")
    }
}
