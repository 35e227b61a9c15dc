import CamAuditCore
import CamAuditTestSupport
import Foundation
import Testing
@testable import CamAuditReports

/// The BOM is checked with the official CycloneDX JSON schema (from `cyclonedx-python-lib`, installed by `scripts/setup`).
@Suite("CycloneDX report")
struct CycloneDXReportTests {
    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func officialSchemaAcceptsTheBOMAndRejectsABrokenOne() throws {
        let bom = try CycloneDXReport.encode(FixedScan.assessed)
        #expect(try SchemaValidator.validateCycloneDX(bom, version: CycloneDXReport.specVersion) == nil)
        var broken = try object(bom)
        var components = try #require(broken["components"] as? [[String: Any]])
        components[0]["type"] = "camera"
        broken["components"] = components
        broken["serialNumber"] = "not-a-urn"
        let complaint = try SchemaValidator.validateCycloneDX(
            try JSONSerialization.data(withJSONObject: broken), version: CycloneDXReport.specVersion)
        #expect(complaint?.contains("'camera' is not one of") == true)
        #expect(complaint?.contains("not-a-urn") == true)
    }

    /// CycloneDX 1.5 has no component `manufacturer`; that is why the BOM is 1.6.
    @Test func specVersion15WouldRejectTheManufacturerField() throws {
        var bom = try object(try CycloneDXReport.encode(FixedScan.assessed))
        bom["specVersion"] = "1.5"
        let complaint = try SchemaValidator.validateCycloneDX(try JSONSerialization.data(withJSONObject: bom), version: "1.5")
        #expect(complaint?.contains("'manufacturer' was unexpected") == true)
    }

    @Test func devicesAreComponentsAndFindingsAreVulnerabilities() throws {
        let bom = try object(try CycloneDXReport.encode(FixedScan.assessed))
        #expect(bom["bomFormat"] as? String == "CycloneDX")
        #expect(bom["specVersion"] as? String == "1.6")
        #expect((bom["serialNumber"] as? String)?.hasPrefix("urn:uuid:") == true)
        let components = try #require(bom["components"] as? [[String: Any]])
        #expect(components.count == 4)
        let hikvision = try #require(components.first { $0["bom-ref"] as? String == "device:127.42.0.3" })
        #expect(hikvision["type"] as? String == "device")
        #expect((hikvision["manufacturer"] as? [String: Any])?["name"] as? String == "Hikvision")
        #expect((hikvision["supplier"] as? [String: Any])?["name"] as? String == "LTS")
        #expect(hikvision["name"] as? String == "DS-2CD2385G1-I")
        #expect(hikvision["version"] as? String == "V5.5.800 build 210628")
        let properties = try #require(hikvision["properties"] as? [[String: String]])
        #expect(properties.contains { $0["name"] == "camaudit:compliance:ndaa-889" && $0["value"]?.hasPrefix("covered") == true })
        #expect(properties.contains { $0["name"] == "camaudit:address" && $0["value"] == "127.42.0.3" })
        let vulnerabilities = try #require(bom["vulnerabilities"] as? [[String: Any]])
        #expect(vulnerabilities.count == 6)
        let cve = try #require(vulnerabilities.first { $0["id"] as? String == "CVE-2021-36260" })
        #expect((cve["source"] as? [String: String])?["url"] == "https://nvd.nist.gov/vuln/detail/CVE-2021-36260")
        let rating = try #require((cve["ratings"] as? [[String: Any]])?.first)
        #expect(rating["score"] as? Double == 9.8)
        #expect(rating["method"] as? String == "CVSSv31")
        #expect(rating["severity"] as? String == "critical")
        #expect((cve["affects"] as? [[String: String]])?.first?["ref"] == "device:127.42.0.3")
        #expect(cve["recommendation"] as? String == "Update to V5.5.800 build 210628 or later (Hikvision HSRC-202109-01).")
        let axis = try #require(vulnerabilities.first { $0["id"] as? String == "CVE-2023-21413" })
        #expect((axis["ratings"] as? [[String: Any]])?.first?["method"] as? String == "CVSSv3")
        let credentials = try #require(vulnerabilities.first { $0["id"] as? String == "default-credentials" })
        #expect((credentials["source"] as? [String: String])?["name"] == "camaudit")
        #expect((credentials["ratings"] as? [[String: Any]])?.first?["method"] as? String == "other")
        let refs = Set(components.compactMap { $0["bom-ref"] as? String })
        for vulnerability in vulnerabilities {
            for affect in vulnerability["affects"] as? [[String: String]] ?? [] { #expect(refs.contains(affect["ref"] ?? "")) }
        }
    }
}
