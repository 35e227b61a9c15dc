import CamAuditCore
import CamAuditTestSupport
import Foundation
import Testing
@testable import CamAuditReports

/// The CSV, markdown, HTML and CycloneDX reports of the fixed assessed scan, pinned by golden files.
@Suite("Report formats: golden files")
struct FormatGoldenTests {
    static let serial = UUID(uuidString: "6F1C2A3B-4D5E-4F60-8172-93A4B5C6D7E8")!

    func compare(_ rendered: String, golden name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try ReportTests().compare(Data(rendered.utf8), golden: name, sourceLocation: sourceLocation)
    }

    @Test func csvMatchesGoldenFile() throws {
        try compare(CSVReport().render(FixedScan.assessed), golden: "scan.csv")
    }

    @Test func markdownMatchesGoldenFile() throws {
        try compare(MarkdownReport().render(FixedScan.assessed), golden: "scan.md")
    }

    @Test func htmlMatchesGoldenFile() throws {
        try compare(HTMLReport().render(FixedScan.assessed), golden: "scan.html")
    }

    @Test func cycloneDXMatchesGoldenFile() throws {
        let data = try CycloneDXReport.encode(FixedScan.assessed, serialNumber: Self.serial)
        try compare(String(decoding: data, as: UTF8.self), golden: "scan.cdx.json")
    }

    /// Without verdicts, risk or plan every format still renders, says what is missing, and invents nothing.
    @Test func formatsWorkWithoutVerdictsRiskOrPlan() throws {
        let report = FixedScan.report
        let html = HTMLReport().render(report)
        #expect(html.contains("Compliance was not assessed in this report."))
        #expect(html.contains("No replacement plan in this report."))
        #expect(html.contains("Risk was not scored in this report."))
        #expect(!html.contains("banned maker</span>"))
        let markdown = MarkdownReport().render(report)
        #expect(markdown.contains("No plan in this report"))
        #expect(markdown.contains("No findings."))
        #expect(!markdown.contains("**Compliance**"))
        let rows = try CSVParsing.rows(CSVReport().render(report))
        #expect(rows.count == 4)
        let header = rows[0]
        for column in ["compliance", "risk_score", "plan_group", "max_severity"] {
            let index = try #require(header.firstIndex(of: column))
            #expect(rows.dropFirst().allSatisfy { $0[index].isEmpty }, "\(column) must be empty without verdicts")
        }
        let bom = try CycloneDXReport.encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: bom) as? [String: Any])
        #expect((object["vulnerabilities"] as? [Any])?.isEmpty == true)
        #expect(try SchemaValidator.validateCycloneDX(bom, version: CycloneDXReport.specVersion) == nil)
    }

    @Test func markdownShowsFindingsBySeverityAndThePlan() throws {
        let markdown = MarkdownReport().render(FixedScan.assessed)
        let critical = try #require(markdown.range(of: "### Critical (2)"))
        let high = try #require(markdown.range(of: "### High (2)"))
        #expect(critical.lowerBound < high.lowerBound)
        #expect(markdown.contains("### Replace now (2)"))
        #expect(markdown.contains("| 127.42.0.3 | 100 | Replace: Hikvision (sold as LTS)"))
        #expect(markdown.contains("| 127.42.0.0/24 | 2 | 1 | 0 | 0 |"))
    }

    @Test func markdownEscapesDeviceText() {
        var report = FixedScan.assessed
        report.devices[1].model = "A|B *bold* [link](javascript:x) <img src=x>\n# heading"
        let markdown = MarkdownReport().render(report)
        #expect(markdown.contains("A\\|B \\*bold\\* \\[link\\](javascript:x) &lt;img src=x&gt; \\# heading"))
        #expect(!markdown.contains("<img"))
        #expect(!markdown.contains("\n# heading"))
    }
}
