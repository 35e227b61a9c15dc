import CamAuditCore
import CamAuditTestSupport
import Foundation
import Testing
@testable import CamAuditReports

@Suite("HTML report")
struct HTMLReportTests {
    /// Attributes that would make a browser fetch something if their value pointed to the network, looked
    /// for inside tags only (escaped device text is not markup); and `url(`/`@import` inside the stylesheet.
    /// The `href` of an `<a>` is a link the reader may follow, not a fetch, so anchors are checked for `ping` only.
    static let attributePattern =
        #"(?i)\b(src|href|srcset|action|poster|data|background|formaction|xlink:href|content|ping)\s*=\s*["']?\s*(https?:|//|ftp:)"#
    static let anchorPattern = #"(?i)\bping\s*="#
    static let forbiddenTags = #"(?i)^<(script|iframe|object|embed|link|img|frame|base)\b"#

    static func fetches(_ html: String) -> [String] {
        var problems: [String] = []
        let tags = html.matches(of: /<[^<>]*>/).map { String($0.output) }
        for tag in tags {
            if tag.range(of: #"(?i)^<a\s"#, options: .regularExpression) != nil {
                if tag.range(of: anchorPattern, options: .regularExpression) != nil { problems.append(tag) }
            } else if tag.range(of: attributePattern, options: .regularExpression) != nil
                || tag.range(of: forbiddenTags, options: .regularExpression) != nil
            {
                problems.append(tag)
            }
        }
        for style in html.matches(of: /<style>([^<]*)<\/style>/) {
            let css = String(style.output.1)
            if css.range(of: #"(?i)url\s*\("#, options: .regularExpression) != nil || css.localizedCaseInsensitiveContains("@import") {
                problems.append("stylesheet fetches")
            }
        }
        return problems
    }

    @Test func pageIsSelfContained() {
        let html = HTMLReport().render(FixedScan.assessed)
        #expect(Self.fetches(html) == [])
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        #expect(html.contains("<style>"))
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count == 3)
    }

    /// The patterns do catch what they are meant to, so the test above is not vacuous.
    @Test func fetchDetectorCatchesNetworkReferences() {
        #expect(!Self.fetches("<img src=\"https://x/a.png\">").isEmpty)
        #expect(!Self.fetches("<form action='http://x'>").isEmpty)
        #expect(!Self.fetches("<a href=\"https://x\" ping=\"https://y\">").isEmpty)
        #expect(Self.fetches("<a href=\"https://www.fcc.gov/supplychain/coveredlist\" rel=\"noreferrer\">").isEmpty)
        #expect(!Self.fetches("<script>alert(1)</script>").isEmpty)
        #expect(!Self.fetches("<style>body{background:url(//x/y)}</style>").isEmpty)
        #expect(!Self.fetches("<link rel=stylesheet href=x.css>").isEmpty)
        #expect(Self.fetches("<a href=\"#dev-127-0-0-1\">").isEmpty)
        #expect(Self.fetches("<p>&lt;img src=https://x&gt;</p>").isEmpty)
    }

    @Test func hostileDeviceTextIsEscapedEverywhere() {
        var report = FixedScan.assessed
        let hostile = "<script>alert(1)</script>"
        report.devices[1].model = hostile
        report.devices[1].ports[0].detail = "\"><img src=https://evil.example/x onerror=alert(1)>"
        report.devices[1].findings[0].evidence.append("title: \(hostile)")
        report.devices[1].evidence[0].value = "<title>\(hostile)</title>"
        report.devices[0].compliance?[0].basis = ["maker '\(hostile)'"]
        report.plan?.entries[0].actions.append(hostile)
        report.devices[2].hostname = "x\u{202e}gnp.exe"
        let html = HTMLReport().render(report)
        #expect(!html.contains(hostile))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=https://evil.example/x onerror=alert(1)&gt;"))
        #expect(!html.contains("\u{202e}"))
        #expect(Self.fetches(html) == [])
    }

    @Test func showsVerdictsPlanAndWhyTheScore() {
        let html = HTMLReport().render(FixedScan.assessed)
        #expect(html.contains("2 of 4 assessed devices are made by a maker a rule set names; 1 could not be decided"))
        #expect(html.contains("<h3>Replace now (2)</h3>"))
        #expect(html.contains("<h3>Patch now (1)</h3>"))
        #expect(html.contains("+40 CISA KEV: CVE-2021-36260"))
        #expect(html.contains("brand LTS relabels Hikvision (oem-brands.json)"))
        #expect(html.contains("CVSS v3 9.8 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
    }
}
