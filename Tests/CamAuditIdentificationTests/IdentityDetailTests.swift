import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import Testing

/// Serial numbers and MAC addresses: read from discovery answers, one address however it is written.
@Suite struct IdentityDetailTests {
    private func identify(_ observations: [Observation]) throws -> Identity {
        try Identifier(catalog: FingerprintCatalog.bundled()).identify(observations)
    }

    @Test func sadpGivesModelFirmwareSerialAndMAC() throws {
        let identity = try identify([
            Observation(field: "sadp.device_description", value: "DS-2CD2385G1-I", port: 37020, probe: "SADP"),
            Observation(field: "sadp.software_version", value: "V5.5.800 build 210628", port: 37020, probe: "SADP"),
            Observation(field: "sadp.serial", value: "DS-2CD2385G1-I20210705AAWRE52183921", port: 37020, probe: "SADP"),
            Observation(field: "sadp.mac", value: "58:50:ed:1f:e3:85", port: 37020, probe: "SADP"),
        ])
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.model == "DS-2CD2385G1-I")
        #expect(identity.firmware == "V5.5.800 build 210628")
        #expect(identity.serial == "DS-2CD2385G1-I20210705AAWRE52183921")
        #expect(identity.mac == "58:50:ed:1f:e3:85")
    }

    @Test func oneMACWrittenThreeWaysIsOneAddress() throws {
        let identity = try identify([
            Observation(field: "dhdiscover.mac", value: "4c:11:bf:c2:0b:9d", port: 37810, probe: "DHDiscover"),
            Observation(field: "auth.mac", value: "4C-11-BF-C2-0B-9D", port: 80, probe: "GET /cgi-bin/magicBox.cgi"),
            Observation(field: "auth.mac", value: "4C11BFC20B9D", port: 80, probe: "GET /cgi-bin/magicBox.cgi"),
        ])
        #expect(identity.mac == "4c:11:bf:c2:0b:9d")
        #expect(!identity.conflicts.contains { $0.attribute == "mac" })
    }

    @Test func dahuaRealmAndDiscoveryAgreeOnTheSerial() throws {
        let identity = try identify([
            Observation(field: .dahuaRPC2Realm, value: "Login to 1F006E4PAX00075", port: 80, probe: "POST /RPC2_Login"),
            Observation(field: "dhdiscover.serial", value: "1F006E4PAX00075", port: 37810, probe: "DHDiscover"),
        ])
        #expect(identity.manufacturer == "Dahua")
        #expect(identity.serial == "1F006E4PAX00075")
        #expect(!identity.conflicts.contains { $0.attribute == "serial" })
    }
}
