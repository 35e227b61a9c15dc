import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import CamAuditTestSupport
import Foundation
import Testing

/// Device type by evidence rank and model family; ports never decide (issue 11, items 1 and 2).
@Suite struct EvidenceRankTests {
    private func identify(_ observations: [Observation]) throws -> Identity {
        try Identifier(catalog: FingerprintCatalog.bundled()).identify(observations)
    }

    private func observe(_ field: ObservedField, _ value: String, port: UInt16? = 80, probe: String = "GET /") -> Observation {
        Observation(field: field, value: value, port: port, probe: probe)
    }

    /// The SADP model of a camera outranks the video-intercom certificate it presents.
    @Test func aCameraModelFromSADPBeatsAnIntercomCertificate() throws {
        let identity = try identify([
            observe(ObservedField(rawValue: "sadp.device_description"), "DS-2CD2142FWD-I", port: 37020, probe: "SADP inquiry"),
            observe(.tlsSubject, "CN=hikvision.com,OU=HZ,O=HIKVISION,L=HZ,ST=ZJ,C=CN", port: 443, probe: "TLS handshake"),
        ])
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.model == "DS-2CD2142FWD-I")
        #expect(identity.deviceType == .camera)
        #expect(
            identity.conflicts.contains { $0.attribute == "deviceType" && $0.chosen == "camera" && $0.rejected == ["other"] },
            "the certificate's claim stays visible")
        #expect(identity.evidence.contains { $0.fingerprint == "device-types.hikvision.camera" })
    }

    @Test func aRecorderModelMakesARecorderWhateverTheWebPageSuggests() throws {
        let identity = try identify([
            observe(
                .onvifDeviceInformation,
                "Manufacturer=HIKVISION;Model=DS-7608NI-I2/8P;FirmwareVersion=V4.30.085 build 200916;SerialNumber=X;HardwareId=88",
                probe: "ONVIF GetDeviceInformation"),
            observe(.httpAuthRealm, "IP Camera(C2183)"),
        ])
        #expect(identity.model == "DS-7608NI-I2/8P")
        #expect(identity.deviceType == .nvr)
    }

    @Test func anOEMModelOfAKnownFamilyIsTypedWithoutAManufacturerFamilyMatch() throws {
        let rules = try FingerprintCatalog.bundled().deviceTypeRules
        #expect(
            rules.family(forModel: "IPC-B140H", manufacturer: "Hikvision")?.deviceType == .camera,
            "no Hikvision family takes HiLook's IPC-, but every family that does (Dahua's) says camera")
        #expect(
            rules.family(forModel: "C200", manufacturer: nil)?.deviceType == .camera,
            "TP-Link's and Foscam's families both take C200, and agree")
        #expect(rules.family(forModel: "IPC-HFW2431S-S-S2", manufacturer: nil)?.deviceType == .camera)
        #expect(rules.family(forModel: "NVR-104MH-C/4P", manufacturer: "Hikvision")?.deviceType == .nvr)
        #expect(rules.family(forModel: "XNO-6080R", manufacturer: "Hanwha")?.deviceType == .camera)
        #expect(rules.family(forModel: "  ", manufacturer: nil) == nil)
    }

    /// A host that accepts every connection and answers nothing is not a Dahua camera because 37777 is open.
    @Test func openPortsAloneNameNoMakerAndNoType() throws {
        let identity = try identify([
            observe(.openPorts, "80,554,8000,34567,37777", port: nil, probe: "TCP sweep")
        ])
        #expect(identity.manufacturer == nil)
        #expect(identity.deviceType == .unknown)
        #expect(identity.evidence.isEmpty)
    }

    @Test func openPortsStillAddWeightToAMakerOtherEvidenceNames() throws {
        let page = observe(.httpTitle, "WEB SERVICE")
        let withoutPorts = try identify([page])
        let withPorts = try identify([page, observe(.openPorts, "80,554,8000,37777", port: nil, probe: "TCP sweep")])
        #expect(withoutPorts.manufacturer == "Dahua")
        #expect(withPorts.manufacturer == "Dahua")
        #expect(withPorts.confidence > withoutPorts.confidence)
        #expect(withPorts.evidence.contains { $0.field == .openPorts && $0.claims["manufacturer"] == "Dahua" })
        #expect(
            !withPorts.evidence.contains { $0.field == .openPorts && $0.claims["manufacturer"] == "Hikvision" },
            "8000 with 554 names Hikvision, which nothing else claims: dropped")
    }

    /// A host that answers everything stays unknown even when it also shows a camera model.
    @Test func theAnswersEverythingVetoStillWins() throws {
        let identity = try identify([
            observe(ObservedField(rawValue: "rtsp.status"), "DESCRIBE /<random> -> 200", port: 554, probe: "RTSP DESCRIBE"),
            observe(ObservedField(rawValue: "sadp.device_description"), "DS-2CD2142FWD-I", port: 37020, probe: "SADP inquiry"),
        ])
        #expect(identity.deviceType == .unknown)
    }

    /// A web server that answers a random path with its root page answers everything: its camera-looking
    /// pages name nothing, while the same pages on a normal server still do.
    @Test func aWebPortThatAnswersEveryPathNamesNothing() throws {
        let pages = [
            observe(.httpServer, "DNVRS-Webs"),
            observe(.httpBody, #"<script>window.location.href = "/doc/page/login.asp?_" + (new Date()).getTime();</script>"#),
        ]
        let normal = try identify(pages + [observe(ObservedField(rawValue: "http.status"), "GET /<random> -> 404", probe: "GET /<random>")])
        #expect(normal.manufacturer != nil)
        let catchAll = try identify(
            pages + [observe(ObservedField(rawValue: "http.status"), CatchAllAnswer.webPageForAnyPath, probe: "GET /<random>")])
        #expect(catchAll.manufacturer == nil)
        #expect(catchAll.deviceType == .unknown)
        #expect(catchAll.evidence.isEmpty)
        // Another port of the same host still counts.
        let otherPort = try identify(
            pages.map { Observation(field: $0.field, value: $0.value, port: 8080, probe: $0.probe) }
                + [observe(ObservedField(rawValue: "http.status"), CatchAllAnswer.webPageForAnyPath, probe: "GET /<random>")])
        #expect(otherPort.manufacturer == normal.manufacturer)
    }

    @Test func theRankOfAFieldIsItsLongestPrefix() throws {
        let rules = try FingerprintCatalog.bundled().deviceTypeRules
        #expect(rules.rank(ofField: "sadp.device_description") == 3)
        #expect(rules.rank(ofField: "upnp.model_name") == 3)
        #expect(rules.rank(ofField: "upnp.friendly_name") == 2)
        #expect(rules.rank(ofField: "tls.subject") == 2)
        #expect(rules.rank(ofField: "mac.oui") == 1)
        #expect(rules.rank(ofField: "tcp.open_ports") == 0)
        #expect(rules.rank(ofField: "something.new") == DeviceTypeRules.unlistedRank)
    }

    @Test func everyBundledFamilyExampleIsTypedByItsOwnFamily() throws {
        let rules = try FingerprintCatalog.bundled().deviceTypeRules
        #expect(rules.families.count >= 40)
        for family in rules.families {
            for example in family.examples {
                #expect(rules.family(forModel: example, manufacturer: family.manufacturer)?.id == family.id, "\(family.id): \(example)")
            }
        }
    }

    @Test func lintReportsAShadowedExampleAndATakenCounterexample() throws {
        let scratch = try ScratchCatalog(files: [:])
        defer { scratch.remove() }
        let rules = """
            {"evidenceRanks": [{"rank": 3, "name": "firmware", "fields": ["sadp."], "source": "test"}],
             "families": [
              {"id": "a.any", "manufacturer": "Hikvision", "pattern": "^DS-", "deviceType": "camera", "source": "test", "examples": ["DS-2CD2142FWD-I"], "counterExamples": ["DS-7608NI-I2"]},
              {"id": "a.nvr", "manufacturer": "Hikvision", "pattern": "^DS-76", "deviceType": "nvr", "source": "test", "examples": ["DS-7608NI-I2"]},
              {"id": "a.bad", "manufacturer": "Nobody", "pattern": "(", "deviceType": "unknown", "source": "", "examples": []}
             ]}
            """
        try rules.write(to: scratch.directory.appendingPathComponent("device-types.json"), atomically: true, encoding: .utf8)
        let (catalog, _) = FingerprintCatalog.load(directory: scratch.directory)
        let messages = catalog.lint().map(\.message)
        #expect(messages.contains { $0.contains("\"a.any\" takes its counterexample") })
        #expect(messages.contains { $0.contains("\"a.nvr\" example \"DS-7608NI-I2\" is matched first by \"a.any\"") })
        #expect(messages.contains { $0.contains("\"a.bad\" has deviceType \"unknown\"") })
    }
}
