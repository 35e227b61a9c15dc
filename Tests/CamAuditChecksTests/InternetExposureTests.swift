import CamAuditChecks
import CamAuditCore
import CamAuditDiscovery
import CamAuditLab
import CamAuditTestSupport
import Foundation
import NIOPosix
import Testing

/// The internet-exposure check against emulated UPnP IGD routers on loopback.
///
/// The targets handed to the checker are built from what the lab says each device is (identification is
/// tested elsewhere); the SSDP observations come from a real unicast discovery of the lab devices.
@Suite("Internet exposure", .serialized)
struct InternetExposureTests {
    static let options = CheckOptions(stepTimeout: .seconds(2))

    /// The service identification gives each real port of the lab profiles used here.
    static let services: [UInt16: String] = [
        80: "http", 443: "https", 554: "rtsp", 5000: "http", 8000: "hikvision-sdk", 37777: "dahua-dvrip",
    ]

    static func targets(_ lab: Lab, observations: [IPAddress: [Observation]] = [:]) -> [CheckTarget] {
        lab.devices.map { device in
            let services = device.ports.map { port -> PortService in
                let real = port >= 10_000 && port - lab.portOffset < 1024 ? port - lab.portOffset : port
                return PortService(port: port, service: Self.services[real] ?? "unknown")
            }
            let identity = Identity(
                manufacturer: device.expected.manufacturer, brand: device.expected.brand, model: device.expected.model,
                firmware: device.expected.firmware, deviceType: device.expected.deviceType)
            return CheckTarget(
                address: device.address, services: services, identity: identity, observations: observations[device.address] ?? [])
        }
    }

    static func labPort(_ lab: Lab, _ port: UInt16) -> UInt16 { port < 1024 ? port + lab.portOffset : port }

    static func descriptionURL(_ router: LabDevice) -> URL {
        URL(string: "http://\(router.address):\(router.ports[0])/rootDesc.xml")!
    }

    static func findings(_ outcome: InternetExposureOutcome, _ device: LabDevice, id: String) -> [Finding] {
        (outcome.perDevice[device.address] ?? []).filter { $0.id == id }
    }

    @Test func routerGivenByURLFlagsExactlyTheMappedOpenCameraPorts() async throws {
        try await LabSession.with(160, ["upnp-igd-router", "hikvision-ipc-new", "dahua-ipc", "decoy-nginx"]) { lab in
            let (router, hikvision, dahua, decoy) = (lab.devices[0], lab.devices[1], lab.devices[2], lab.devices[3])
            let checker = InternetExposureChecker(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            let scope = TargetSet(including: [try AddressRange(network: IPAddress(LabAddresses.base(160))!, prefixLength: 24)])
            let outcome = await checker.check(
                router: Self.descriptionURL(router), targets: Self.targets(lab), options: Self.options, scope: scope)

            let table = try #require(outcome.routers.first)
            #expect(outcome.routers.count == 1)
            #expect(table.complete, "\(table.endedBy)")
            #expect(table.endedBy.contains("713"))
            #expect(table.deviceType == "urn:schemas-upnp-org:device:InternetGatewayDevice:1")
            #expect(table.serviceType == "urn:schemas-upnp-org:service:WANIPConnection:1")
            #expect(table.controlURL == "http://\(router.address):\(router.ports[0])/ctl/IPConn")
            #expect(table.externalIPAddress == "203.0.113.7")
            #expect(table.mappings.map(\.externalPort) == [8554, 8080, 37777, 9554, 8081, 3478, 8443])
            try #require(table.mappings.count == 7)
            #expect(table.mappings[3].enabled == false && table.mappings[5].protocol == "UDP")
            #expect(table.mappings[0].internalClient == hikvision.address.description)

            // Hikvision: RTSP and web forwarded, both critical.
            let hik = try #require(Self.findings(outcome, hikvision, id: "internet-exposed").first)
            #expect(hik.severity == .critical && hik.kind == .exposure && hik.decidedBy == .router)
            let rtsp = Self.labPort(lab, 554), web = Self.labPort(lab, 80)
            #expect(
                hik.evidence.contains {
                    $0.hasPrefix(
                        "port \(rtsp) (rtsp) is reachable from the internet as WAN:8554/TCP (mapping 0 'camera-rtsp' on router \(router.address), external address 203.0.113.7)"
                    )
                })
            #expect(hik.evidence.contains { $0.hasPrefix("port \(web) (http) is reachable from the internet as WAN:8080/TCP") })

            // Dahua: only the enabled TCP mapping to an open port (37777); not the disabled 554, the UDP one, or closed 8443.
            let dh = try #require(Self.findings(outcome, dahua, id: "internet-exposed").first)
            let exposedLines = dh.evidence.filter { $0.contains("is reachable from the internet") }
            #expect(exposedLines.count == 1)
            #expect(exposedLines.first?.hasPrefix("port 37777 (dahua-dvrip) is reachable from the internet as WAN:37777/TCP") == true)
            #expect(!dh.evidence.joined().contains("9554") && !dh.evidence.joined().contains("3478"))
            #expect(outcome.notes.contains { $0.contains("WAN:8443/TCP") && $0.contains("did not find open on \(dahua.address)") })

            // The decoy behind mapping 4 is no camera, and the router itself is not mapped: no finding on either.
            #expect(outcome.perDevice[decoy.address] == nil)
            #expect(outcome.perDevice[router.address] == nil)
            #expect(outcome.perDevice.keys.count == 2)

            // Read-only and bounded: 1 description + 1 GetExternalIPAddress + 7 entries + the 713 fault.
            #expect(outcome.requestsSent == 10)
            let activity = try #require(lab.activity(at: router.address))
            #expect(activity.recorded["upnp:GetGenericPortMappingEntry"] == 8)
            #expect(activity.recorded["upnp:GetExternalIPAddress"] == 1)
            #expect(activity.recorded["upnp:other"] == nil)
            #expect(lab.totalActivity.intrusiveRequests == 0 && lab.totalActivity.lockouts == 0 && lab.totalActivity.loginAttempts == 0)
        }
    }

    @Test func routerFoundBySSDPAmongScannedHosts() async throws {
        try await LabSession.with(161, ["upnp-igd-router", "hikvision-ipc-new", "axis-m1065", "decoy-nginx"]) { lab in
            let (router, hikvision, axis, decoy) = (lab.devices[0], lab.devices[1], lab.devices[2], lab.devices[3])
            let discovered = await Discoverer().discover(unicast: lab.devices.map(\.address), timeout: .seconds(1))
            #expect(discovered.observations[router.address]?.contains { $0.field.rawValue == "ssdp.location" } == true)
            let checker = InternetExposureChecker(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            let outcome = await checker.check(
                router: nil, targets: Self.targets(lab, observations: discovered.observations), options: Self.options)

            #expect(outcome.routers.map(\.address) == [router.address])
            #expect(outcome.routers.first?.complete == true)
            #expect(Self.findings(outcome, hikvision, id: "internet-exposed").count == 1)
            // Axis answers SSDP (UPnP on): hygiene finding, but no mapping reaches an open Axis port.
            #expect(Self.findings(outcome, axis, id: "upnp-enabled").first?.severity == .low)
            #expect(Self.findings(outcome, axis, id: "internet-exposed").isEmpty)
            // The router speaks UPnP but is not a camera; Hikvision does not answer SSDP; the decoy gets nothing.
            #expect(Self.findings(outcome, hikvision, id: "upnp-enabled").isEmpty)
            #expect(outcome.perDevice[router.address] == nil && outcome.perDevice[decoy.address] == nil)
            // Cameras' descriptions are not fetched while looking for the router: only the router is asked.
            #expect(outcome.requestsSent == 10)
            #expect(lab.totalActivity.intrusiveRequests == 0 && lab.totalActivity.lockouts == 0)
        }
    }

    @Test func noRouterAmongHostsIsANoteNotAFinding() async throws {
        try await LabSession.with(162, ["hikvision-ipc-new", "decoy-nginx"]) { lab in
            let checker = InternetExposureChecker(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            let outcome = await checker.check(router: nil, targets: Self.targets(lab), options: Self.options)
            #expect(outcome.routers.isEmpty && outcome.perDevice.isEmpty && outcome.requestsSent == 0)
            #expect(outcome.notes.contains { $0.contains("no UPnP IGD router found") })
        }
    }

    @Test func endlessRouterStopsAtTheEntryLimit() async throws {
        try await LabSession.with(163, ["upnp-igd-endless", "hikvision-ipc-new"]) { lab in
            let (router, hikvision) = (lab.devices[0], lab.devices[1])
            let checker = InternetExposureChecker(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            let clock = ContinuousClock()
            let start = clock.now
            let outcome = await checker.check(router: Self.descriptionURL(router), targets: Self.targets(lab), options: Self.options)
            let elapsed = clock.now - start
            let table = try #require(outcome.routers.first)
            #expect(!table.complete)
            #expect(table.endedBy.contains("limit of 256 entries"))
            #expect(lab.activity(at: router.address)?.recorded["upnp:GetGenericPortMappingEntry"] == 256)
            #expect(outcome.requestsSent == 1 + 1 + 256)
            // Entries 0 and 1 are malformed, the rest repeat one mapping: listed once.
            #expect(table.mappings.count == 1 && table.mappings.first?.externalPort == 10554)
            #expect(table.notes.contains { $0.contains("entry 0 is malformed") && $0.contains("'eighty'") })
            #expect(table.notes.contains { $0.contains("entry 1 is malformed") })
            #expect(table.notes.contains { $0.contains("253 entries repeated") })
            #expect(outcome.notes.contains { $0.contains("listing incomplete") })
            // What was read is still reported: the camera behind the repeated mapping is exposed.
            #expect(Self.findings(outcome, hikvision, id: "internet-exposed").first?.evidence.first?.contains("WAN:10554/TCP") == true)
            #expect(elapsed < .seconds(20), "256 entries took \(elapsed)")
        }
    }

    @Test func endlessRouterStopsAtTheTimeBudget() async throws {
        try await LabSession.with(164, ["upnp-igd-endless", "hikvision-ipc-new"]) { lab in
            let router = lab.devices[0]
            let checker = InternetExposureChecker(
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton, budgetPerRouter: .milliseconds(150))
            let clock = ContinuousClock()
            let start = clock.now
            let outcome = await checker.check(router: Self.descriptionURL(router), targets: Self.targets(lab), options: Self.options)
            let elapsed = clock.now - start
            let table = try #require(outcome.routers.first)
            let asked = lab.activity(at: router.address)?.recorded["upnp:GetGenericPortMappingEntry"] ?? 0
            #expect(table.endedBy.contains("time budget") || table.endedBy.contains("no answer"), "\(table.endedBy)")
            #expect(asked < 256 && !table.complete)
            #expect(elapsed < .seconds(3), "a 150 ms budget took \(elapsed)")
        }
    }

    @Test(arguments: [
        ("http://8.8.8.8:5000/rootDesc.xml", "out of scope"),  // data: refused before any packet
        ("http://203.0.113.9/rootDesc.xml", "out of scope"),  // data: documentation address, refused
        ("http://224.0.0.1/rootDesc.xml", "out of scope"),  // data: multicast, refused
        ("http://127.3.2.1:5000/rootDesc.xml", "not among this scan's targets"),
        ("http://router.lan/rootDesc.xml", "not an IP address"),
        ("https://127.0.0.1/rootDesc.xml", "not an http:// URL"),
        ("http://127.0.0.1:99999/rootDesc.xml", "not a port number"),
        ("http://user@127.0.0.1/rootDesc.xml", "not an IP address"),
    ])
    func routerOutsideTheScopeIsRefusedBeforeAnyPacket(url: String, message: String) async throws {
        let checker = InternetExposureChecker(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let scope = TargetSet(including: [try AddressRange(network: IPAddress(LabAddresses.base(165))!, prefixLength: 24)])
        let routerURL = try #require(URL(string: url))
        #expect(throws: InternetExposureError.self) { try checker.validateRouter(routerURL, scope: scope) }
        let outcome = await checker.check(router: routerURL, targets: [], options: Self.options, scope: scope)
        #expect(outcome.requestsSent == 0 && outcome.routers.isEmpty)
        #expect(outcome.notes.count == 1 && outcome.notes[0].contains(message), "\(outcome.notes)")
    }

    @Test func aLabAddressInsideTheScopeIsAccepted() throws {
        let checker = InternetExposureChecker(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let base = IPAddress(LabAddresses.base(165))!
        let scope = TargetSet(including: [try AddressRange(network: base, prefixLength: 24)])
        let location = try checker.validateRouter(
            URL(string: "http://\(LabAddresses.base(165).dropLast())9:5000/rootDesc.xml")!, scope: scope)
        #expect(location.port == 5000 && location.path == "/rootDesc.xml" && scope.contains(location.host))
    }
}
