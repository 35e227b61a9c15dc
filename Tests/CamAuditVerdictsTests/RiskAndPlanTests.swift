import CamAuditCatalog
import CamAuditCore
import Testing
@testable import CamAuditVerdicts

@Suite("Risk scores and the replacement plan")
struct RiskAndPlanTests {
    let engine: VerdictEngine

    init() throws {
        engine = try VerdictEngine.bundled()
    }

    static let kevCritical = HandBuiltDevices.finding(
        "CVE-2021-36260", severity: .critical, kind: .vulnerability,
        evidence: ["passive: firmware in range", "CVSS v3 9.8", "CISA KEV: listed since 2022-01-10"])
    static let defaultPassword = HandBuiltDevices.finding(
        "default-credentials", severity: .critical, kind: .credential,
        evidence: ["login admin accepted"], remediation: "Change the default password.")

    @Test func riskItemsSumToTheScoreAndNameTheirSources() throws {
        var device = HandBuiltDevices.hikvisionBySADP
        device.findings = [Self.kevCritical, Self.defaultPassword]
        let applied = engine.apply(to: device)
        let risk = try #require(applied.risk)
        #expect(risk.items.reduce(0) { $0 + $1.points } == risk.score)
        let sources = Set(risk.items.compactMap(\.source))
        #expect(sources.isSuperset(of: ["CVE-2021-36260", "default-credentials"]))
        #expect(sources.contains("ndaa-889") || sources.contains("fcc-covered-list"))
        #expect(risk.items.contains { $0.reason.contains("CISA KEV") && $0.points == RiskWeights.kev.points })
        #expect(risk.items.contains { $0.reason.contains("CVSS critical") && $0.points == 25 })
        // 25 CVSS + 30 KEV + 30 default password + 15 x 0.95 covered = 99.
        #expect(risk.score == 99)
        #expect(risk.level == .critical)
    }

    @Test func aScoreAbove100IsCappedByAVisibleItem() throws {
        var device = HandBuiltDevices.hikvisionBySADP
        device.findings = [
            Self.kevCritical, Self.defaultPassword,
            HandBuiltDevices.finding(
                "internet-exposed", severity: .critical, kind: .exposure, evidence: ["TCP 80 mapped to external port 8080"]),
        ]
        let risk = try #require(engine.apply(to: device).risk)
        #expect(risk.score == 100)
        #expect(risk.items.reduce(0) { $0 + $1.points } == 100)
        #expect(risk.items.last?.reason == "score capped at 100")
    }

    @Test func kevStatusComesFromTheCatalogWhenTheEvidenceLacksIt() throws {
        var device = HandBuiltDevices.axis
        device.findings = [HandBuiltDevices.finding("CVE-2021-36260", severity: .critical, kind: .vulnerability)]
        let risk = try #require(engine.apply(to: device).risk)
        #expect(risk.items.contains { $0.reason.contains("CISA KEV") })
    }

    @Test func aCleanAxisScoresZero() throws {
        let risk = try #require(engine.apply(to: HandBuiltDevices.axis).risk)
        #expect(risk.score == 0 && risk.items.isEmpty && risk.level == .none)
    }

    @Test func thePlanGroupsOrdersAndCountsDevices() throws {
        var ptz = HandBuiltDevices.device(
            "198.51.100.30", manufacturer: "PTZOptics", model: "PT30X-SDI", firmware: "6.3.34", confidence: 0.9,
            evidence: [
                Evidence(
                    fingerprint: "ptzoptics.http.title", field: .httpTitle, value: "PTZOptics", port: 80, probe: "GET /",
                    claims: ["manufacturer": "PTZOptics"], weight: 0.9)
            ])
        ptz.findings = [HandBuiltDevices.finding("CVE-2024-8956", severity: .critical, kind: .vulnerability)]
        var geovision = HandBuiltDevices.device("198.51.100.31", manufacturer: "GeoVision", model: "GV-VS12", confidence: 0.9, evidence: [])
        geovision.findings = [HandBuiltDevices.finding("CVE-2024-11120", severity: .critical, kind: .vulnerability)]
        let devices = [
            HandBuiltDevices.hikvisionBySADP, HandBuiltDevices.dahuaByMAC, HandBuiltDevices.ltsLabelled,
            ptz, geovision,
            HandBuiltDevices.axis("198.51.100.40", findings: [Self.defaultPassword]),
            HandBuiltDevices.axis("198.51.100.41", findings: []),
            // Not video and no finding: no risk, no plan entry.
            HandBuiltDevices.device("198.51.100.50", type: .other, confidence: 0.2, evidence: []),
        ]
        let report = engine.apply(to: HandBuiltDevices.report(devices))
        let plan = try #require(report.plan)
        func entry(_ address: String) throws -> ReplacementPlan.Entry {
            try #require(plan.entries.first { $0.address == IPAddress(address)! })
        }

        for covered in ["192.0.2.10", "192.0.2.11", "192.0.2.12"] {
            let replace = try entry(covered)
            #expect(replace.group == .replaceNow)
            #expect(replace.actions.first?.hasPrefix("Replace:") == true)
        }
        let patch = try entry("198.51.100.30")
        #expect(patch.group == .patchNow)
        #expect(patch.actions.contains { $0.contains("CVE-2024-8956") && $0.contains("6.3.40") })
        let endOfLife = try entry("198.51.100.31")
        #expect(endOfLife.group == .replaceNow)
        #expect(endOfLife.actions.contains { $0.contains("end of life") })
        let harden = try entry("198.51.100.40")
        #expect(harden.group == .harden)
        #expect(harden.actions.contains { $0.contains("default-credentials") })
        #expect(!harden.actions.joined().contains("login admin accepted"))  // evidence may hold secrets; actions never copy it
        let fine = try entry("198.51.100.41")
        #expect(fine.group == .fine)
        #expect(plan.entries.first { $0.address == IPAddress("198.51.100.50")! } == nil)
        #expect(report.devices.first { $0.address == IPAddress("198.51.100.50")! }?.risk == nil)
        #expect(report.devices.first { $0.address == IPAddress("198.51.100.50")! }?.compliance == nil)

        #expect(plan.counts == ["replace-now": 4, "patch-now": 1, "harden": 1, "fine": 1])
        #expect(plan.countsBySubnet["192.0.2.0/24"] == ["replace-now": 3, "patch-now": 0, "harden": 0, "fine": 0])
        #expect(plan.countsBySubnet["198.51.100.0/24"] == ["replace-now": 1, "patch-now": 1, "harden": 1, "fine": 1])
        // Grouped in plan order, highest score first inside a group.
        let order = plan.entries.map { PlanGroup.allCases.firstIndex(of: $0.group)! }
        #expect(order == order.sorted())
        for group in PlanGroup.allCases {
            let scores = plan.entries.filter { $0.group == group }.map(\.score)
            #expect(scores == scores.sorted(by: >))
        }
    }

    @Test func anUnidentifiedCameraIsFineButAskedToBeIdentified() throws {
        let report = engine.apply(to: HandBuiltDevices.report([HandBuiltDevices.unknownMaker]))
        let entry = try #require(report.plan?.entries.first)
        #expect(entry.group == .fine)
        #expect(
            entry.actions == ["Identify the maker (label, purchase record or an authenticated scan): the compliance verdict is unknown."])
    }

    @Test func aCoveredNonVideoMakerGetsAVerdictButNoScore() throws {
        let router = HandBuiltDevices.device(
            "192.0.2.1", manufacturer: "Huawei", type: .other, confidence: 0.9,
            evidence: [
                Evidence(
                    fingerprint: "huawei.http.server", field: .httpServer, value: "HuaweiHomeGateway", port: 80,
                    probe: "GET /", claims: ["manufacturer": "Huawei"], weight: 0.8)
            ])
        let applied = engine.apply(to: router)
        let ndaa = try #require(applied.compliance?.first { $0.ruleSet == "ndaa-889" })
        #expect(ndaa.status == .covered)
        #expect(ndaa.basis.joined().contains("§889(f)(3)(A)"))
        #expect(applied.risk == nil)
    }

    @Test func endOfLifeComesFromTheVulnerabilityFilesFixedField() throws {
        let catalog = try VulnerabilityCatalog.bundled()
        let geovision = try #require(catalog.vulnerability(id: "CVE-2024-11120"))
        #expect(VulnerabilityRemedy(geovision, model: "GV-VS12").endOfLife != nil)
        let hikvision = try #require(catalog.vulnerability(id: "CVE-2017-7921"))
        let remedy = VulnerabilityRemedy(hikvision, model: "DS-2CD2032F-I")
        #expect(remedy.endOfLife == nil && !remedy.unpatchable)
        #expect(remedy.fixedBuilds == ["series: DS-2CD2xx2F-I; fixed: V5.4.5 build 170123 and later"])
        #expect(remedy.fixedBuildsSummary == "V5.4.5 build 170123 and later (DS-2CD2xx2F-I)")
        let unmatched = VulnerabilityRemedy(try #require(catalog.vulnerability(id: "CVE-2021-36260")), model: "HWI-B120-D/W")
        #expect(unmatched.fixedBuildsSummary.hasPrefix("V5.5.800 build 210628 (IPC_G3, IPC_H5, PTZ H7 (DS-2DFxxxxX(T3)"))
        #expect(!unmatched.fixedBuildsSummary.contains("Watchful"))  // sources stay in the source field, not in the action
        let reolink = try #require(catalog.vulnerability(id: "CVE-2021-40407"))
        #expect(VulnerabilityRemedy(reolink, model: "RLC-410W").endOfLife == nil)  // "may be EoL" is a hedge
    }
}
