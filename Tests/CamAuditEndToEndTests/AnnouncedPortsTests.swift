import CamAuditCatalog
import CamAuditCore
import CamAuditDiscovery
import CamAuditLab
import CamAuditProbes
import CamAuditScanner
import CamAuditTestSupport
import Foundation
import Testing

/// A host that announces a service on a port the sweep did not list gets that port probed too.
@Suite("Announced ports", .serialized)
struct AnnouncedPortsTests {
    @Test func announcedPortsAreTakenAndProbedOnTheAnsweringHost() throws {
        let host = IPAddress("127.0.0.5")!
        let observations = [
            Observation(
                field: .wsdiscoveryXAddrs,
                value: "http://127.0.0.5:888/onvif/device_service http://127.0.0.9:8899/onvif/device_service https://[::1]:8443/x",
                probe: "WS-Discovery"),
            Observation(field: .ssdpLocation, value: "http://127.0.0.5:49152/rootDesc.xml", probe: "SSDP"),
            Observation(field: .mdnsServicePort, value: "_axis-video._tcp.local 8081", probe: "mDNS"),
            Observation(field: .mdnsServicePort, value: "_rtsp._tcp.local 554", probe: "mDNS"),
            Observation(field: .wsdiscoveryXAddrs, value: "not a url :-) ftp://127.0.0.5:21/", probe: "WS-Discovery"),
        ]
        let ports = AnnouncedServices.ports(in: observations, of: host, excluding: [80, 554])
        // The port of an address the device announces for another interface (127.0.0.9 here, a private
        // address on a real network) is probed on the host that answered; an IPv6 literal, a swept port
        // and an unknown scheme are skipped.
        #expect(ports.map(\.port) == [888, 8899, 49152, 8081])
        #expect(ports.map(\.hint) == [.http, .http, .http, .http])
        #expect(ports[0].reason.contains("WS-Discovery XAddrs"))
    }

    @Test func sadpAndDHDiscoverPortsAreFollowed() {
        let host = IPAddress("127.0.0.5")!
        let observations = [
            Observation(field: .sadpHTTPPort, value: "8081", port: 37020, probe: "SADP inquiry"),
            Observation(field: .sadpCommandPort, value: "8001", port: 37020, probe: "SADP inquiry"),
            Observation(field: .dhdiscoverHTTPPort, value: "80", port: 37810, probe: "DHDiscover.search"),
            Observation(field: .dhdiscoverServicePort, value: "37778", port: 37810, probe: "DHDiscover.search"),
            Observation(field: .sadpHTTPPort, value: "99999", port: 37020, probe: "SADP inquiry"),
        ]
        let ports = AnnouncedServices.ports(in: observations, of: host, excluding: [80])
        #expect(ports.map(\.port) == [8081, 8001, 37778])
        #expect(ports.map(\.hint) == [.http, .hikvisionSDK, .dahuaDVRIP])
    }

    /// Foscam's CGI answers a credential-less identification request as a bad login: it counts in the budget.
    @Test func aCredentialLessRequestAnsweredAsABadLoginIsCounted() {
        let cgi = "GET /cgi-bin/CGIProxy.fcgi?cmd=getDevInfo"
        let observations = [
            Observation(field: .httpBody, value: "<CGI_Result> <result>-2</result> </CGI_Result>", port: 88, probe: cgi),
            Observation(field: .httpBody, value: "<CGI_Result> <result>-2</result> </CGI_Result>", port: 443, probe: cgi),
            Observation(field: .httpBody, value: "<CGI_Result> <result>0</result> </CGI_Result>", port: 8080, probe: cgi),
            Observation(field: .httpBody, value: "<result>-2</result>", port: 80, probe: "GET /"),
        ]
        #expect(Scanner.unauthenticatedRefusals(in: observations) == 2)
    }

    @Test func anAnnouncementCannotFanTheScanOut() {
        let host = IPAddress("127.0.0.5")!
        let many = (1...100).map { "http://127.0.0.5:\(20000 + $0)/" }.joined(separator: " ")
        let ports = AnnouncedServices.ports(
            in: [Observation(field: .wsdiscoveryXAddrs, value: many, probe: "WS-Discovery")], of: host, excluding: [])
        #expect(ports.count == AnnouncedServices.maximumPorts)
    }

    @Test func aScanThatSweptOnlyRTSPReadsTheWebServerTheDeviceAnnounced() async throws {
        let lab = try await Lab.start(base: IPAddress(LabAddresses.base(170))!, deviceCount: 1, profiles: ["hikvision-ipc-new"])
        do {
            let device = try #require(lab.devices.first)
            let rtsp = try #require(device.ports.first { $0 % 10000 == 554 })
            let web = try #require(device.ports.first { $0 % 10000 == 80 })
            let scanner = try Scanner.bundled(.identification)
            let request = ScanRequest(
                targets: [try TargetSpecification(parsing: device.address.description)], ports: PortList([rtsp]), stepTimeout: .seconds(1),
                deadline: .seconds(30))
            let report = try await scanner.run(request)
            let found = try #require(report.devices.first)
            #expect(found.ports.contains { $0.port == web }, "the web port from the WS-Discovery XAddrs was probed")
            #expect(found.notes.contains { $0.contains("port \(web) probed because the host announced it") })
            #expect(found.observations.contains { $0.port == web && $0.field.rawValue.hasPrefix("http.") })
            #expect(found.manufacturer == "Hikvision")
            #expect(found.deviceType == DeviceType.camera)
        } catch {
            try? await lab.shutdown()
            throw error
        }
        try await lab.shutdown()
    }
}
