import CamAuditCatalog
import Testing

@Suite struct GrammarTests {
    @Test(
        arguments: [
            ("V5.5.800 build 210628", [5, 5, 800], 210628),
            ("V5.4.1 build 160525", [5, 4, 1], 160525),
            ("v5.4.0build160530", [5, 4, 0], 160530),
            ("V5.5.0", [5, 5, 0], nil),
            ("  V3.4.106 build 200422\n", [3, 4, 106], 200422),
        ] as [(String, [Int], Int?)])
    func hikvisionParses(_ text: String, _ components: [Int], _ build: Int?) throws {
        let version = try #require(VulnerabilityVersionGrammar.hikvision.parse(text))
        #expect(version.components == components)
        #expect(version.buildDate == build)
    }

    @Test(
        arguments: [
            ("2.800.0000000.16.R", [2, 800, 0, 16], nil),
            ("2.800.0000000.16.R, Build Date: 2021-07-19", [2, 800, 0, 16], 210719),
            ("2.800.0000000.16.R build:2021-07-21", [2, 800, 0, 16], 210721),
            ("V2.800.0000000.29.R.210630", [2, 800, 0, 29], 210630),
            ("4.001.0000005.1.R.210709", [4, 1, 5, 1], 210709),
        ] as [(String, [Int], Int?)])
    func dahuaParses(_ text: String, _ components: [Int], _ build: Int?) throws {
        let version = try #require(VulnerabilityVersionGrammar.dahua.parse(text))
        #expect(version.components == components)
        #expect(version.buildDate == build)
    }

    static let junk = [
        "", " ", "V", "build 210628", "V5.5.800 build 21062", "V5.5.800 build 2106289", "V99999999999999999999.1.1",
        "2.800.R", "2.800.0000000.16.R, Build Date: 2021-13-40", "\u{202E}5.4.1",
        String(repeating: "9.", count: 500) + "9", "1.2.3.4.5.6.7.8.9.10", "abc", "..", "x.y.z", "V5.4.1 build 160525; rm -rf",
    ]

    @Test(arguments: junk)
    func junkIsRejectedByTheVendorGrammars(_ text: String) {
        #expect(VulnerabilityVersionGrammar.hikvision.parse(text) == nil)
        #expect(VulnerabilityVersionGrammar.dahua.parse(text) == nil)
        #expect(VulnerabilityVersionGrammar.axis.parse(text) == nil)
    }

    /// Valid Axis versions (two or four dotted numbers) that the Hikvision and Dahua grammars must refuse.
    @Test(arguments: ["5.5", "2.800.0000000.16", "9.80.1"])
    func axisShapesAreNotHikvisionOrDahua(_ text: String) {
        #expect(VulnerabilityVersionGrammar.dahua.parse(text) == nil)
        #expect(VulnerabilityVersionGrammar.axis.parse(text) != nil)
        if text.split(separator: ".").count != 3 { #expect(VulnerabilityVersionGrammar.hikvision.parse(text) == nil) }
    }

    @Test(arguments: ["", "abc", "..", ".1", "v", "2.60B15", String(repeating: "1", count: 30), String(repeating: "1.", count: 100) + "1"])
    func junkIsRejectedByGenericDotted(_ text: String) {
        #expect(VulnerabilityVersionGrammar.genericDotted.parse(text) == nil)
    }

    @Test(arguments: [
        (VulnerabilityVersionGrammar.hikvision, "V5.4.0 build 160530", "V5.4.1 build 160101"),
        (.hikvision, "V5.4.5 build 170123", "V5.4.5 build 170124"),
        (.hikvision, "V5.5.101 build 200408", "V5.5.800 build 210628"),
        (.hikvision, "V5.9.0 build 170101", "V5.10.0 build 160101"),
        (.dahua, "2.800.0000000.16.R, Build Date: 2021-03-19", "2.800.0000000.29.R.210630"),
        (.dahua, "2.800.0000000.29.R.210601", "2.800.0000000.29.R.210630"),
        (.dahua, "2.800.0000000.29.R.210630", "2.820.0000000.5.R.210101"),
        (.axis, "9.80.1", "10.12.1"),
        (.axis, "10.9.4", "10.12.0"),
        (.genericDotted, "6.3.34", "6.3.40"),
        (.genericDotted, "1.0.227", "1.0.228"),
        (.genericDotted, "2.11", "2.12"),
        (.genericDotted, "1.05.05", "1.06.01 Hotfix"),
    ])
    func ordersNumerically(_ grammar: VulnerabilityVersionGrammar, _ lower: String, _ higher: String) throws {
        let low = try #require(grammar.parse(lower))
        let high = try #require(grammar.parse(higher))
        #expect(low < high)
        #expect(!(high < low))
    }

    @Test func buildDateOnlyBreaksTies() throws {
        let withDate = try #require(VulnerabilityVersionGrammar.hikvision.parse("V5.5.0 build 170725"))
        let withoutDate = try #require(VulnerabilityVersionGrammar.hikvision.parse("V5.5.0"))
        #expect(VulnerabilityVersion.order(withDate, withoutDate) == 0)
        let trailingZero = try #require(VulnerabilityVersionGrammar.genericDotted.parse("3.11.0"))
        let short = try #require(VulnerabilityVersionGrammar.genericDotted.parse("3.11"))
        #expect(VulnerabilityVersion.order(trailingZero, short) == 0)
    }

    @Test func axisWildcardCoversTheSeries() throws {
        let series = try #require(VulnerabilityVersionGrammar.axis.parse("10.12.x"))
        let member = try #require(VulnerabilityVersionGrammar.axis.parse("10.12.240"))
        let other = try #require(VulnerabilityVersionGrammar.axis.parse("10.11.9"))
        #expect(VulnerabilityVersion.order(series, member) == 0)
        #expect(other < series)
    }

    @Test func rangeEndsAreInclusiveOrExclusiveAsWritten() throws {
        let grammar = VulnerabilityVersionGrammar.hikvision
        let range = Vulnerability.VersionRange(from: "V5.2.0 build 140721", through: "V5.4.0 build 160530")
        #expect(try #require(grammar.parse("V5.2.0 build 140721")).isIn(range, grammar: grammar) == true)
        #expect(try #require(grammar.parse("V5.4.0 build 160530")).isIn(range, grammar: grammar) == true)
        #expect(try #require(grammar.parse("V5.4.0 build 160531")).isIn(range, grammar: grammar) == false)
        #expect(try #require(grammar.parse("V5.2.0 build 140720")).isIn(range, grammar: grammar) == false)
        let before = Vulnerability.VersionRange(before: "V5.5.800 build 210628")
        #expect(try #require(grammar.parse("V5.5.800 build 210628")).isIn(before, grammar: grammar) == false)
        #expect(try #require(grammar.parse("V5.5.800 build 210627")).isIn(before, grammar: grammar) == true)
        let broken = Vulnerability.VersionRange(through: "nonsense")
        #expect(try #require(grammar.parse("V5.5.0")).isIn(broken, grammar: grammar) == nil)
    }
}
