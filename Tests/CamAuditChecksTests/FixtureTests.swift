import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import Foundation
import Testing

/// One fixture of one vulnerability file, named for test output.
struct LabelledFixture: Sendable, CustomTestStringConvertible {
    let id: String
    let fixture: Vulnerability.Fixture
    var testDescription: String { "\(id) \(fixture.expect) \(fixture.brand.map { "\($0) " } ?? "")\(fixture.model) \(fixture.firmware)" }
}

extension Vulnerability.Fixture {
    /// The identity a correct identification hands the checker: maker, label, model, firmware and device type.
    var identity: Identity {
        Identity(
            manufacturer: manufacturer, brand: brand, model: model, firmware: firmware,
            deviceType: deviceType.flatMap(DeviceType.init(rawValue:)) ?? .unknown)
    }
}

enum BundledVulnerabilities {
    static let catalog: VulnerabilityCatalog = (try? VulnerabilityCatalog.bundled()) ?? VulnerabilityCatalog(vulnerabilities: [])
    static let fixtures: [LabelledFixture] = catalog.vulnerabilities.flatMap { vulnerability in
        (vulnerability.fixtures?.examples ?? []).map { LabelledFixture(id: vulnerability.id, fixture: $0) }
    }
}

@Suite struct FixtureTests {
    let checker = PassiveChecker(catalog: BundledVulnerabilities.catalog)

    @Test func bundledCatalogLoadsWithoutErrors() throws {
        let directory = try #require(VulnerabilityCatalog.bundledDirectory)
        let (catalog, diagnostics) = VulnerabilityCatalog.load(directory: directory)
        #expect(diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        #expect(catalog.vulnerabilities.count == 41)
        #expect(BundledVulnerabilities.fixtures.count >= 28)
    }

    @Test func everyKEVCameraEntryHasAFile() throws {
        let kev = [
            "CVE-2017-7921", "CVE-2021-36260", "CVE-2021-33044", "CVE-2021-33045", "CVE-2020-5735", "CVE-2019-20085",
            "CVE-2016-11021", "CVE-2023-47565", "CVE-2024-8956", "CVE-2024-8957", "CVE-2021-40407", "CVE-2019-11001",
            "CVE-2022-23227", "CVE-2018-14933", "CVE-2025-1316", "CVE-2024-11120", "CVE-2024-6047", "CVE-2020-25078",
            "CVE-2020-25079", "CVE-2022-40799", "CVE-2023-52163",
        ]
        for id in kev {
            let vulnerability = try #require(BundledVulnerabilities.catalog.vulnerability(id: id), "\(id) missing")
            #expect(vulnerability.kev.listed, "\(id) should be KEV-listed")
            #expect(vulnerability.inKEVCameraList == true)
        }
    }

    @Test(arguments: BundledVulnerabilities.fixtures)
    func fixtureDecidesAsExpected(_ labelled: LabelledFixture) {
        let ids = checker.findings(for: labelled.fixture.identity).map(\.id)
        if labelled.fixture.expect == "vulnerable" {
            #expect(ids.contains(labelled.id))
        } else {
            #expect(!ids.contains(labelled.id))
        }
    }

    @Test(arguments: BundledVulnerabilities.fixtures.filter { $0.fixture.expect == "vulnerable" })
    func neverAFindingForAnotherManufacturer(_ labelled: LabelledFixture) {
        let other = labelled.fixture.manufacturer == "Dahua" ? "Hikvision" : "Dahua"
        var identity = labelled.fixture.identity
        identity.manufacturer = other
        #expect(!checker.findings(for: identity).map(\.id).contains(labelled.id))
    }

    @Test func findingCarriesTheDecisionAndSeverity() throws {
        let identity = Identity(manufacturer: "Hikvision", model: "DS-2CD2142FWD-IS", firmware: "V5.4.1 build 160525")
        let finding = try #require(checker.findings(for: identity).first { $0.id == "CVE-2017-7921" })
        #expect(finding.severity == .critical)
        #expect(finding.kind == .vulnerability)
        #expect(finding.decidedBy == .version)
        #expect(
            finding.evidence.first
                == "passive: firmware V5.4.1 build 160525 is in the affected range V5.3.1 build 150410 - V5.4.4 build 161125 for DS-2CD2xx2FWD"
        )
        #expect(finding.remediation?.isEmpty == false)
        #expect(finding.evidence.contains { $0.hasPrefix("CISA KEV: listed since 2026-03-05") })
    }

    @Test(arguments: [
        Identity(manufacturer: "Dahua", model: "DS-2CD2142FWD-IS", firmware: "V5.4.1 build 160525"),
        Identity(manufacturer: nil, model: "DS-2CD2142FWD-IS", firmware: "V5.4.1 build 160525"),
        Identity(manufacturer: "Hikvision", model: nil, firmware: "V5.4.1 build 160525"),
        Identity(manufacturer: "Hikvision", model: "DS-2CD2142FWD-IS", firmware: nil),
        Identity(manufacturer: "Hikvision", model: "DS-2CD2142FWD-IS", firmware: "not a version"),
        Identity(manufacturer: "Hikvision", model: "", firmware: ""),
    ])
    func noFindingWithoutAMatchingIdentity(_ identity: Identity) {
        #expect(checker.findings(for: identity) == [])
    }

    @Test func endOfLifeModelIsFlaggedWhateverItsFirmware() throws {
        for firmware in [nil, "", "V1.0.0"] as [String?] {
            let identity = Identity(manufacturer: "Edimax", model: "IC-7100", firmware: firmware)
            let finding = try #require(checker.findings(for: identity).first { $0.id == "CVE-2025-1316" })
            #expect(finding.decidedBy == .model)
            #expect(finding.evidence.first?.contains("every firmware of IC-7100 is affected") == true)
        }
        #expect(checker.findings(for: Identity(manufacturer: "Edimax", model: "IC-71000", firmware: nil)).isEmpty)
        #expect(checker.findings(for: Identity(manufacturer: "GeoVision", model: "IC-7100", firmware: nil)).isEmpty)
    }
}
