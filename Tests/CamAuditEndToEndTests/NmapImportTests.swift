import CamAuditCatalog
import CamAuditCore
import CamAuditTestSupport
import CamAuditLab
import CamAuditScanner
import Foundation
import Testing

/// `scan --import nmap.xml`: the hosts nmap found are probed without a sweep.
@Suite("nmap import", .serialized)
struct NmapImportTests {
    static func nmapXML(_ hosts: [(String, [UInt16])]) -> String {
        var text =
            #"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE nmaprun><nmaprun scanner="nmap" args="nmap -sV -oX x.xml" version="7.94">"#
        for (address, ports) in hosts {
            text +=
                #"<host starttime="1" endtime="2"><status state="up" reason="user-set"/><address addr="\#(address)" addrtype="ipv4"/><hostnames/><ports>"#
            text += #"<extraports state="closed" count="10"/>"#
            for port in ports {
                text +=
                    #"<port protocol="tcp" portid="\#(port)"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="http" method="probed" conf="10"/></port>"#
            }
            text +=
                #"<port protocol="tcp" portid="9"><state state="closed" reason="reset"/></port><port protocol="udp" portid="3702"><state state="open"/></port>"#
            text += "</ports></host>"
        }
        return text + #"<runstats><finished time="2"/></runstats></nmaprun>"#
    }

    @Test func importedLabDevicesAreProbedWithoutASweep() async throws {
        let lab = try await Lab.start(
            base: IPAddress(LabAddresses.base(30))!, deviceCount: 4,
            profiles: ["hikvision-ipc-new", "dahua-ipc", "decoy-printer", "axis-m1065"])
        do {
            // One extra host with only a closed port: nmap lists it, camaudit drops it.
            let xml = Self.nmapXML(lab.devices.map { ($0.address.description, $0.ports) } + [("127.\(LabAddresses.octet).30.200", [])])
            let imported = try NmapImport(parsing: Data(xml.utf8))
            #expect(imported.hosts.count == 4)
            #expect(imported.hosts.map(\.openPorts) == lab.devices.map(\.ports))
            let scanner = try Scanner.bundled(.identification)
            var request = ScanRequest(targets: [], stepTimeout: .seconds(1), deadline: .seconds(30))
            request.imported = imported
            let report = try await scanner.run(request)
            #expect(report.scan.probesSent == 0)  // no sweep
            #expect(Set(report.devices.map(\.address)) == Set(lab.devices.map(\.address)))
            for device in lab.devices {
                #expect(
                    report.devices.first { $0.address == device.address }?.manufacturer == device.expected.manufacturer, "\(device.profile)"
                )
            }
        } catch {
            try? await lab.shutdown()
            throw error
        }
        try await lab.shutdown()
    }

    @Test(arguments: [
        "<nmaprun><host><address addr=\"127.0.0.1\" addrtype=\"ipv4\"/><ports><port protocol=\"tcp\" portid=\"80\">",
        "not xml at all",
        "<?xml version=\"1.0\"?><other/>",
    ])
    func malformedFilesAreErrorSentences(text: String) {
        #expect(throws: NmapImportError.self) { try NmapImport(parsing: Data(text.utf8)) }
    }

    @Test func publicAddressesAreRefusedByTheScopeGuard() throws {
        let imported = try NmapImport(parsing: Data(Self.nmapXML([("127.0.0.1", [80]), ("8.8.8.8", [80])]).utf8))  // data: never contacted
        #expect(throws: TargetError.self) { try imported.checkedScope(allowPublic: false) }
    }
}
