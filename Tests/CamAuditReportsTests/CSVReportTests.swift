import CamAuditCore
import CamAuditTestSupport
import Foundation
import Testing
@testable import CamAuditReports

@Suite("CSV report")
struct CSVReportTests {
    @Test func parsesBackOneRowPerDeviceWithTheVerdicts() throws {
        let rows = try CSVParsing.rows(CSVReport().render(FixedScan.assessed))
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0.count == CSVReport.header.count })
        let header = rows[0]
        func value(_ address: String, _ column: String) throws -> String {
            let row = try #require(rows.first { $0.first == address })
            return row[try #require(header.firstIndex(of: column))]
        }
        #expect(try value("127.42.0.3", "brand") == "LTS")
        #expect(try value("127.42.0.3", "finding_ids") == "CVE-2021-36260 default-credentials open-rtsp-stream")
        #expect(try value("127.42.0.3", "max_severity") == "critical")
        #expect(try value("127.42.0.3", "compliance") == "fcc-covered-list: covered; ndaa-889: covered")
        #expect(try value("127.42.0.3", "risk_score") == "100")
        #expect(try value("127.42.0.3", "plan_group") == "replace-now")
        #expect(try value("127.42.0.4", "max_severity") == "high")
        #expect(try value("127.42.0.4", "plan_group") == "patch-now")
        #expect(try value("::1", "compliance") == "fcc-covered-list: unknown; ndaa-889: unknown")
        #expect(try value("::1", "finding_ids") == "")
    }

    /// Commas, quotes and line breaks survive quoting; a leading `=`, `+`, `-` or `@` gets a `'` so a
    /// spreadsheet shows it as text instead of running it.
    @Test func hostileDeviceStringsStayInTheirCellAndNeverBecomeFormulas() throws {
        var report = FixedScan.assessed
        report.devices[1].model = "=HYPERLINK(\"http://x\",\"click\"),\nsecond line"
        report.devices[1].brand = "+cmd|' /C calc'!A0"
        report.devices[1].firmware = "@SUM(1,2)"
        report.devices[1].hostname = "-2+3"
        report.devices[0].model = "plain, with \"quotes\""
        let csv = CSVReport().render(report)
        let rows = try CSVParsing.rows(csv)
        #expect(rows.count == 5)
        let header = rows[0]
        let row = try #require(rows.first { $0.first == "127.42.0.3" })
        func cell(_ column: String) throws -> String { row[try #require(header.firstIndex(of: column))] }
        #expect(try cell("model") == "'=HYPERLINK(\"http://x\",\"click\"),\nsecond line")
        #expect(try cell("brand") == "'+cmd|' /C calc'!A0")
        #expect(try cell("firmware") == "'@SUM(1,2)")
        #expect(try cell("hostname") == "'-2+3")
        let other = try #require(rows.first { $0.first == "127.42.0.2" })
        #expect(other[try #require(header.firstIndex(of: "model"))] == "plain, with \"quotes\"")
        for parsed in rows.joined() {
            if let first = parsed.first { #expect(!"=+-@".contains(first), "cell \(parsed) would run as a formula") }
        }
    }

    @Test func usesCRLFLineEndings() {
        let csv = CSVReport().render(FixedScan.assessed)
        #expect(csv.hasPrefix("address,hostname,manufacturer,"))
        #expect(csv.components(separatedBy: "\r\n").count == 6)
    }
}
