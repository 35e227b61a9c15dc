import Foundation
import Testing
@testable import CamAuditCore

@Suite("Word lists")
struct WordListTests {
    @Test func severitiesRunFromMildestToWorst() {
        #expect(Severity.allCases == [.none, .info, .unknown, .low, .medium, .high, .critical])
        #expect(Severity.worstFirst.first == .critical && Severity.worstFirst.last == Severity.none)
        #expect(Severity.allCases.sorted() == Severity.allCases)
        #expect(RiskLevel.allCases.sorted() == [.none, .low, .medium, .high, .critical])
    }

    /// "At least high" is met by critical and high only; `unknown` and `info` are below `low`.
    @Test(arguments: [
        (Severity.critical, Severity.high, true), (.high, .high, true), (.medium, .high, false), (.unknown, .low, false),
        (.info, .low, false),
        (.low, .info, true), (.unknown, .info, true),
    ])
    func atLeast(severity: Severity, threshold: Severity, met: Bool) {
        #expect((severity >= threshold) == met)
    }

    @Test(arguments: [
        (9.8, Severity.critical), (9.0, .critical), (8.9, .high), (7.0, .high), (6.9, .medium), (4.0, .medium), (3.9, .low), (0.1, .low),
        (0.0, .none),
    ])
    func severityFollowsCVSS(_ score: Double, _ expected: Severity) {
        #expect(Severity(cvssScore: score) == expected)
    }

    @Test func aMissingScoreIsUnknown() {
        #expect(Severity(cvssScore: nil) == .unknown)
    }

    /// The JSON is the same as when these fields were strings.
    @Test func findingsEncodeTheirWordsAsStrings() throws {
        let finding = Finding(
            id: "phone-home-p2p", title: "t", severity: .medium, kind: .phoneHome, decidedBy: .versionAndProbe(intrusive: false),
            evidence: [], remediation: nil)
        let json = String(decoding: try ReportCoding.makeEncoder(pretty: false).encode(finding), as: UTF8.self)
        #expect(
            json
                == #"{"decidedBy":"version+safe-probe","evidence":[],"id":"phone-home-p2p","kind":"phone-home","severity":"medium","title":"t"}"#
        )
        #expect(try ReportCoding.makeDecoder().decode(Finding.self, from: Data(json.utf8)) == finding)
    }

    @Test func everyWordDecodesToItself() throws {
        func roundTrip<List: WordList>(_: List.Type) throws {
            for word in List.allCases {
                let data = try JSONEncoder().encode(word)
                #expect(String(decoding: data, as: UTF8.self) == "\"\(word.rawValue)\"")
                #expect(try JSONDecoder().decode(List.self, from: data) == word)
            }
        }
        try roundTrip(Severity.self)
        try roundTrip(FindingKind.self)
        try roundTrip(ScanStatus.self)
        try roundTrip(CheckMode.self)
        try roundTrip(ComplianceStatus.self)
        try roundTrip(RiskLevel.self)
        try roundTrip(PlanGroup.self)
    }

    /// A word camaudit never wrote is refused with a sentence naming it and the list, not read as something else.
    @Test func anUnknownWordIsRefusedByName() throws {
        let json = Data(#"{"decidedBy":"version","evidence":[],"id":"x","kind":"vulnerability","severity":"severe","title":"t"}"#.utf8)
        do {
            _ = try JSONDecoder().decode(Finding.self, from: json)
            Issue.record("a severity of 'severe' decoded")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(
                context.debugDescription == "\"severe\" is not a severity; expected one of none, info, unknown, low, medium, high, critical"
            )
            #expect(context.codingPath.map(\.stringValue) == ["severity"])
        }
    }

    @Test(arguments: [
        "version", "model", "login", "safe-probe", "intrusive-probe", "version+safe-probe", "version+intrusive-probe", "router",
        "observation", "traffic capture lab site.pcap",
    ])
    func knownWaysOfDecidingRoundTrip(word: String) throws {
        let decided = DecidedBy(rawValue: word)
        if case .other = decided { Issue.record("\(word) read as an unknown way of deciding") }
        #expect(decided.rawValue == word)
        #expect(try JSONDecoder().decode(DecidedBy.self, from: JSONEncoder().encode(decided)) == decided)
    }

    /// `decidedBy` is free text in the schema: other words from older or hand-written reports are kept as they were.
    @Test func otherWaysOfDecidingAreKept() throws {
        let decided = try JSONDecoder().decode(DecidedBy.self, from: Data(#""rtsp""#.utf8))
        #expect(decided == .other("rtsp"))
        #expect(String(decoding: try JSONEncoder().encode(decided), as: UTF8.self) == #""rtsp""#)
        #expect(DecidedBy.trafficCapture("a.pcap").description == "traffic capture a.pcap")
        #expect(DecidedBy.other("version") == .version)
    }

    @Test func planGroupsHaveTitles() {
        #expect(PlanGroup.allCases.map(\.title) == ["Replace now", "Patch now", "Harden", "Fine"])
    }

    /// The words are the schema's: a word added on one side only fails here.
    @Test func theWordsAreTheSchemas() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let schema = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("schema/scan-report.schema.json")))
                as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: [String: Any]])
        func words(_ definition: String, _ property: String?) throws -> Set<String> {
            var node = try #require(definitions[definition])
            if let property {
                node = try #require((node["properties"] as? [String: [String: Any]])?[property])
            }
            return Set(try #require(node["enum"] as? [String]))
        }
        #expect(try words("finding", "severity") == Set(Severity.words))
        #expect(try words("finding", "kind") == Set(FindingKind.words))
        #expect(try words("scan", "status") == Set(ScanStatus.words))
        #expect(try words("checks", "mode") == Set(CheckMode.words))
        #expect(try words("complianceVerdict", "status") == Set(ComplianceStatus.words))
        #expect(try words("risk", "level") == Set(RiskLevel.words))
        #expect(try words("planGroup", nil) == Set(PlanGroup.words))
    }
}
