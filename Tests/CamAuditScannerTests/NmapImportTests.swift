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
        try await LabSession.with(profiles: ["hikvision-ipc-new", "dahua-ipc", "decoy-printer", "axis-m1065"]) { lab in
            // One extra host with only a closed port: nmap lists it, camaudit drops it.
            let xml = Self.nmapXML(lab.devices.map { ($0.address.description, $0.ports) } + [(lab.address(200).description, [])])
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
        }
    }

    @Test(arguments: [
        "<nmaprun><host><address addr=\"127.0.0.1\" addrtype=\"ipv4\"/><ports><port protocol=\"tcp\" portid=\"80\">",
        "not xml at all",
        "<?xml version=\"1.0\"?><other/>",
    ])
    func malformedFilesAreErrorSentences(text: String) {
        #expect(throws: NmapImportError.self) { try NmapImport(parsing: Data(text.utf8)) }
    }

    /// The input FuzzNmapXML found (Fuzz/Sources/FuzzNmapXML): an nmap run whose `<service` element name runs into the
    /// bytes E0 92, an overlong sequence libxml2 lets through; XMLParser then stopped the whole process.
    @Test func elementNameThatIsNotUTF8IsAnErrorNotACrash() throws {
        let url = try #require(
            Bundle.module.url(forResource: "nmap-overlong-utf8-element-name", withExtension: "xml", subdirectory: "Fixtures/fuzz"))
        let data = try Data(contentsOf: url)
        let bad = try #require(data.firstIndex(of: 0xE0))
        #expect(String(data: data, encoding: .utf8) == nil, "the fixture must stay invalid UTF-8")
        #expect(throws: NmapImportError.malformed(line: 1, reason: "byte \(bad - data.startIndex + 1) is not UTF-8")) {
            try NmapImport(parsing: data)
        }
        // The line of the bad byte is counted.
        #expect(throws: NmapImportError.malformed(line: 3, reason: "byte 20 is not UTF-8")) {
            try NmapImport(parsing: Data("<nmaprun>\n<host>\n<a".utf8) + [0xE0, 0x92] + Data("/></host></nmaprun>".utf8))
        }
    }

    @Test func utf8NamesOutsideASCIIStillImport() throws {
        let xml = Self.nmapXML([("127.0.0.1", [80])]).replacingOccurrences(
            of: "<hostnames/>", with: #"<hostnames><hostname name="caméra-entrée.local" type="PTR"/></hostnames>"#)
        let imported = try NmapImport(parsing: Data(xml.utf8))
        #expect(imported.hosts.map(\.openPorts) == [[80]])
    }

    @Test func publicAddressesAreRefusedByTheScopeGuard() throws {
        let imported = try NmapImport(parsing: Data(Self.nmapXML([("127.0.0.1", [80]), ("8.8.8.8", [80])]).utf8))  // data: never contacted
        #expect(throws: TargetError.self) { try imported.checkedScope(allowPublic: false) }
    }
}
