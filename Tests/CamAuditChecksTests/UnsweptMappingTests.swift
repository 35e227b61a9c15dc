@testable import CamAuditChecks
import CamAuditCore
import NIOCore
import NIOPosix
import Testing

/// A router mapping to a camera port the scan never swept counts when that port is open; to a swept,
/// closed port it is a note.
@Suite struct UnsweptMappingTests {
    static let camera = CheckTarget(
        address: IPAddress("127.0.0.1")!, services: [PortService(port: 80, service: "http")],
        identity: Identity(manufacturer: "Foscam", deviceType: .camera))
    static let rtspOnly = CheckTarget(
        address: IPAddress("127.0.0.21")!, services: [PortService(port: 554, service: "rtsp")],
        identity: Identity())
    static let unknownSilent = CheckTarget(
        address: IPAddress("127.0.0.22")!, services: [PortService(port: 9999, service: "unknown")],
        identity: Identity())

    static func table(_ mappings: [PortMapping]) -> RouterPortMappings {
        RouterPortMappings(
            descriptionURL: "http://127.0.0.1:5000/rootDesc.xml", address: IPAddress("127.0.0.1")!, mappings: mappings, complete: true)
    }

    static func mapping(_ index: Int, to client: String, port: UInt16) -> PortMapping {
        PortMapping(index: index, externalPort: 10_000 &+ port, protocol: "TCP", internalClient: client, internalPort: port, enabled: true)
    }

    @Test func mappingsToUnsweptPortsAreSetAsideForAConnectCheck() {
        let tables = [Self.table([Self.mapping(0, to: "127.0.0.1", port: 888), Self.mapping(1, to: "127.0.0.1", port: 554)])]
        let (exposures, notes, unswept) = InternetExposureChecker.exposures(in: tables, targets: [Self.camera], sweptPorts: [80, 554])
        #expect(exposures.isEmpty)
        #expect(unswept.map(\.mapping.internalPort) == [888], "888 was not swept: to be checked; 554 was swept and closed: a note")
        #expect(notes.count == 1 && notes[0].contains("did not find open"))
        let (_, _, withoutSweep) = InternetExposureChecker.exposures(in: tables, targets: [Self.camera])
        #expect(withoutSweep.isEmpty, "without the swept list (an nmap import) nothing is assumed")
    }

    @Test func aConnectCheckTellsAnOpenPortFromAClosedOne() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let listener = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(listener.localAddress?.port)
        #expect(
            await InternetExposureChecker.acceptsConnections(
                IPAddress("127.0.0.1")!, port: UInt16(port), group: group, timeout: .seconds(2)))
        try await listener.close()
        #expect(
            !(await InternetExposureChecker.acceptsConnections(
                IPAddress("127.0.0.1")!, port: UInt16(port), group: group, timeout: .seconds(2))))
    }

    @Test func anUnnamedRTSPServerCountsAsACameraAndASilentUnknownHostDoesNot() {
        #expect(InternetExposureChecker.concernsCameras(Self.rtspOnly))
        #expect(!InternetExposureChecker.concernsCameras(Self.unknownSilent))
        #expect(
            !InternetExposureChecker.concernsCameras(
                CheckTarget(
                    address: IPAddress("127.0.0.23")!, services: [PortService(port: 554, service: "rtsp")],
                    identity: Identity(deviceType: .other))), "a device known to be something else is not")
    }
}
