import CamAuditCore
import Foundation
import Testing
@testable import CamAuditReports

/// The ban verdicts in plain words: one sentence per rule set from the verdicts' facts, linked to the rule set's
/// document, with the basis still there below; older reports without those facts keep their basis lines.
@Suite("Verdict sentences")
struct VerdictSentenceTests {
    static var hikvision: DeviceReport { FixedScan.assessed.devices.first { $0.address == IPAddress("127.42.0.3")! }! }

    @Test func aCoveredDeviceIsSaidInOneSentencePerRuleSet() throws {
        let sentences = VerdictSentences(Self.hikvision)
        #expect(sentences.isComplete)
        #expect(sentences.lead == [.text("Made by Hikvision, sold as LTS (firmware evidence: ISAPI).")])
        #expect(
            sentences.rules == [
                [
                    .text("Hikvision is named in the "), .link("FCC Covered List", url: "https://www.fcc.gov/supplychain/coveredlist"),
                    .text(" since 2021-03-12."),
                ],
                [
                    .text("Hikvision is named in the "),
                    .link("NDAA FY2019 §889", url: "https://www.govinfo.gov/content/pkg/PLAW-115publ232/pdf/PLAW-115publ232.pdf"),
                    .text(" (§889(f)(3)(B)) since 2018-08-13."),
                ],
            ])
    }

    /// Every piece is the verdict's data: change the data and the sentence follows.
    @Test func thePiecesComeFromTheVerdict() throws {
        var device = Self.hikvision
        device.brand = nil
        device.compliance?[0].maker = ComplianceVerdict.Maker(name: "Hikvision", evidence: "firmware", seenIn: ["SADP", "ISAPI"])
        device.compliance?[0].listing = ComplianceVerdict.Listing(
            title: "Example List", url: "https://example.org/list", asOf: "2027-01-01",
            entity: "Hikvision", since: "2027-01-01")
        let sentences = VerdictSentences(device)
        #expect(sentences.lead == [.text("Made by Hikvision (firmware evidence: SADP, ISAPI).")])
        #expect(
            sentences.rules.first == [
                .text("Hikvision is named in the "), .link("Example List", url: "https://example.org/list"), .text(" since 2027-01-01."),
            ])
    }

    @Test func notCoveredAndUnknownDevicesAreSaidToo() throws {
        let devices = FixedScan.assessed.devices
        let axis = VerdictSentences(try #require(devices.first { $0.manufacturer == "Axis" }))
        #expect(axis.lead == [.text("Made by Axis (firmware evidence: Axis VAPIX).")])
        #expect(
            axis.rules.first == [
                .text("Axis is not named in the "), .link("FCC Covered List", url: "https://www.fcc.gov/supplychain/coveredlist"),
                .text(" as of 2026-08-01."),
            ])
        let unknown = VerdictSentences(try #require(devices.first { $0.address == IPAddress("::1")! }))
        #expect(unknown.lead == [.text("The maker is unknown: no evidence names it.")])
        #expect(
            unknown.rules.last == [
                .text("The "),
                .link("NDAA FY2019 §889", url: "https://www.govinfo.gov/content/pkg/PLAW-115publ232/pdf/PLAW-115publ232.pdf"),
                .text(" cannot be applied until the maker is known."),
            ])
    }

    @Test func htmlLinksTheRuleSetAndFoldsTheEvidence() {
        let html = HTMLReport().render(FixedScan.assessed)
        #expect(html.contains("<p>Made by Hikvision, sold as LTS (firmware evidence: ISAPI).</p>"))
        #expect(
            html.contains(
                "Hikvision is named in the <a href=\"https://www.fcc.gov/supplychain/coveredlist\" rel=\"noreferrer\">FCC Covered List</a> since 2021-03-12."
            ))
        #expect(
            html.contains(
                "<details><summary>Basis</summary><ul class=\"evidence\"><li>FCC Covered List (47 CFR 1.50002), as of 2026-08-01</li>"
                    + "<li>maker Hikvision from the ISAPI answer (firmware-level proof)</li>"))
        #expect(html.contains("<details><summary>Evidence</summary>"))
    }

    @Test func markdownLinksTheRuleSetAndNestsTheEvidence() {
        let markdown = MarkdownReport().render(FixedScan.assessed)
        #expect(markdown.contains("\nMade by Hikvision, sold as LTS (firmware evidence: ISAPI).\n"))
        #expect(
            markdown.contains(
                "- fcc-covered-list: **covered** (confidence 0.98). Hikvision is named in the "
                    + "[FCC Covered List](https://www.fcc.gov/supplychain/coveredlist) since 2021-03-12.\n"
                    + "  - FCC Covered List (47 CFR 1.50002), as of 2026-08-01\n  - maker Hikvision from the ISAPI answer (firmware-level proof)\n"
            ))
    }

    /// A report saved before verdicts recorded their facts prints its basis lines as before.
    @Test func anOlderReportKeepsItsBasisLines() {
        var report = FixedScan.assessed
        for index in report.devices.indices {
            report.devices[index].compliance = report.devices[index].compliance?.map { verdict in
                var verdict = verdict
                verdict.maker = nil
                verdict.listing = nil
                return verdict
            }
        }
        let device = report.devices.first { $0.address == IPAddress("127.42.0.3")! }!
        #expect(VerdictSentences(device).lead == nil && !VerdictSentences(device).isComplete)
        let html = HTMLReport().render(report)
        #expect(!html.contains("Made by"))
        #expect(
            html.contains(
                "<td class=\"small\">brand LTS relabels Hikvision (oem-brands.json)<br>maker Hikvision from the ISAPI answer (firmware-level proof)</td>"
            ))
        let markdown = MarkdownReport().render(report)
        #expect(
            markdown.contains(
                "- fcc-covered-list: **covered** (confidence 0.98) \u{2014} FCC Covered List (47 CFR 1.50002), as of 2026-08-01\n"
                    + "  - maker Hikvision from the ISAPI answer (firmware-level proof)"))
    }

    /// A hand-edited report cannot turn the link into script or break out of the markdown link.
    @Test func onlyWebAddressesBecomeLinks() {
        var report = FixedScan.assessed
        report.devices[1].compliance?[0].listing?.url = "javascript:alert(1)"
        report.devices[1].compliance?[1].listing?.url = "https://example.org/a_(b)<c>"
        let html = HTMLReport().render(report)
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<a href=\"https://example.org/a_(b)&lt;c&gt;\" rel=\"noreferrer\">"))
        let markdown = MarkdownReport().render(report)
        #expect(!markdown.contains("javascript:"))
        #expect(markdown.contains("[NDAA FY2019 §889](https://example.org/a_%28b%29%3Cc%3E)"))
    }
}
