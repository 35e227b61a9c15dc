import CamAuditCatalog
import CamAuditCore
import Testing
@testable import CamAuditVerdicts

@Suite("Compliance verdicts")
struct ComplianceJudgeTests {
    let judge: ComplianceJudge

    init() throws {
        judge = ComplianceJudge(catalog: try ComplianceCatalog.bundled())
    }

    func verdict(_ device: DeviceReport, _ ruleSet: String) throws -> ComplianceVerdict {
        try #require(judge.verdicts(for: device).first { $0.ruleSet == ruleSet })
    }

    @Test func bothRuleSetsAreJudged() {
        #expect(judge.verdicts(for: HandBuiltDevices.axis).map(\.ruleSet) == ["fcc-covered-list", "ndaa-889"])
    }

    @Test func hikvisionFromSADPIsCoveredWithHighConfidence() throws {
        for ruleSet in ["ndaa-889", "fcc-covered-list"] {
            let verdict = try verdict(HandBuiltDevices.hikvisionBySADP, ruleSet)
            #expect(verdict.status == .covered)
            #expect(verdict.confidence >= 0.9)
            let basis = verdict.basis.joined(separator: "\n")
            #expect(basis.contains("Maker Hikvision is covered"))
            #expect(basis.contains("sadp.device_description"))
            #expect(basis.contains("firmware evidence"))
        }
        let ndaa = try verdict(HandBuiltDevices.hikvisionBySADP, "ndaa-889")
        #expect(ndaa.basis.joined().contains("§889(f)(3)(B)"))
        #expect(ndaa.rule.contains("Pub. L. 115-232") && ndaa.rule.contains("as of 2026-11-21"))
    }

    @Test func anLTSLabelIsCoveredThroughTheOEMRelationWithLowerConfidence() throws {
        let verdict = try verdict(HandBuiltDevices.ltsLabelled, "ndaa-889")
        let sadp = try self.verdict(HandBuiltDevices.hikvisionBySADP, "ndaa-889")
        #expect(verdict.status == .covered)
        #expect(verdict.confidence < sadp.confidence)
        #expect(abs(verdict.confidence - 0.48) < 0.001)  // 0.8 label x 0.6 LTS relation, below the title's 0.6
        let basis = verdict.basis.joined(separator: "\n")
        #expect(basis.contains("labelled LTS"))
        #expect(basis.contains("github.com/CamioCam/rtsp issue #224"))
        #expect(basis.contains("counts relabelled devices"))
    }

    @Test func dahuaFromAMACPrefixAloneIsCoveredWithTheLowestConfidence() throws {
        let verdict = try verdict(HandBuiltDevices.dahuaByMAC, "fcc-covered-list")
        let label = try self.verdict(HandBuiltDevices.ltsLabelled, "fcc-covered-list")
        #expect(verdict.status == .covered)
        #expect(verdict.confidence < label.confidence)
        #expect(abs(verdict.confidence - 0.3) < 0.001)
        #expect(verdict.basis.joined().contains("MAC prefix evidence"))
    }

    @Test func axisIsNotCovered() throws {
        for ruleSet in ["ndaa-889", "fcc-covered-list"] {
            let verdict = try verdict(HandBuiltDevices.axis, ruleSet)
            #expect(verdict.status == .notCovered)
            #expect(verdict.confidence >= 0.9)
            #expect(verdict.basis.first?.contains("Maker Axis is not named") == true)
        }
    }

    @Test func anUnknownMakerIsUnknown() throws {
        for ruleSet in ["ndaa-889", "fcc-covered-list"] {
            let verdict = try verdict(HandBuiltDevices.unknownMaker, ruleSet)
            #expect(verdict.status == .unknown)
            #expect(verdict.confidence == 0)
            #expect(verdict.basis.joined().contains("No evidence names the maker"))
        }
    }

    @Test func aRejectedCoveredMakerIsPointedOut() throws {
        var device = HandBuiltDevices.axis
        device.conflicts = [Conflict(attribute: "manufacturer", chosen: "Axis", rejected: ["Hikvision"])]
        let verdict = try verdict(device, "ndaa-889")
        #expect(verdict.status == .notCovered)
        #expect(verdict.basis.last?.contains("Hikvision") == true && verdict.basis.last?.contains("check the device by hand") == true)
    }

    @Test func aBrandWithoutAManufacturerFieldStillFindsItsMaker() throws {
        var device = HandBuiltDevices.ltsLabelled
        device.manufacturer = nil
        let verdict = try verdict(device, "ndaa-889")
        #expect(verdict.status == .covered)
        #expect(verdict.confidence <= 0.48)
    }

    /// The facts a report says in one sentence come from the rule set's data file and the evidence, not from prose.
    @Test func theVerdictRecordsTheMakerAndWhatTheRuleSetSays() throws {
        let catalog = try ComplianceCatalog.bundled()
        for ruleSet in catalog.ruleSets {
            let verdict = try verdict(HandBuiltDevices.hikvisionBySADP, ruleSet.id)
            let entity = try #require(ruleSet.entity(coveringManufacturer: "Hikvision"))
            #expect(verdict.maker == ComplianceVerdict.Maker(name: "Hikvision", evidence: "firmware", seenIn: ["SADP", "ISAPI"]))
            #expect(
                verdict.listing
                    == ComplianceVerdict.Listing(
                        title: ruleSet.title, url: ruleSet.url, asOf: ruleSet.asOf, entity: entity.entity,
                        provision: entity.provision, since: entity.dateAdded))
            let axis = try self.verdict(HandBuiltDevices.axis, ruleSet.id)
            #expect(axis.listing == ComplianceVerdict.Listing(title: ruleSet.title, url: ruleSet.url, asOf: ruleSet.asOf))
            #expect(axis.maker?.name == "Axis")
            let unknown = try self.verdict(HandBuiltDevices.unknownMaker, ruleSet.id)
            #expect(unknown.maker == nil && unknown.listing?.title == ruleSet.title)
        }
    }

    @Test func aLabelledDeviceIsMadeByItsMakerOnLabelEvidence() throws {
        let verdict = try verdict(HandBuiltDevices.ltsLabelled, "ndaa-889")
        #expect(verdict.maker?.name == "Hikvision")
        #expect(verdict.maker == ComplianceVerdict.Maker(name: "Hikvision", evidence: ComplianceJudge.labelKind, seenIn: ["HTTP"]))
        let byMAC = try self.verdict(HandBuiltDevices.dahuaByMAC, "fcc-covered-list")
        #expect(byMAC.maker == ComplianceVerdict.Maker(name: "Dahua", evidence: "MAC prefix", seenIn: ["MAC prefix"]))
    }
}
