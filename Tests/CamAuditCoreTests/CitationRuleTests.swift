import CamAuditCore
import Foundation
import Testing

@Suite("Citations a reader can follow")
struct CitationRuleTests {
    @Test(arguments: [
        "https://www.fcc.gov/supplychain/coveredlist",
        "rapid7/recog@14fa1a7211e7 xml/http_servers.xml",
        "Hikvision DS-2CD6825G0-C-IVS user manual, p. 41 (2019)",
        "data/oem-brands.json (the relation) and Public Law 115-232 §889(f)(3)",
        "nmap/nmap@db4aefddfa34 nmap-service-probes; GET /ISAPI/System/deviceInfo answered 401",
        "Kane610/axis README.md (https://github.com/Kane610/axis)",
        "lab assumption, no public sample",
        "an unauthenticated GET /home/monitoring.cgi answers 401; the viewer script sends the browser to ../wmf/index.html",
    ])
    func followableCitationsPass(_ citation: String) {
        #expect(CitationRule.problem(in: citation) == nil)
    }

    @Test(arguments: [
        ("field-notes.md §2.1 (nuclei hikvision-detect)", "not in this repository"),
        ("shared/notes/lockout_policies.jsonl line 3", "outside this repository"),
        ("see ../shared/notes/briefing.md", "outside this repository"),
        ("/work/shared/notes/vulns.json", "on a machine"),
        ("captured in /tmp/run/answer.xml", "on a machine"),
        ("briefing.md §2.2", "not in this repository"),
        ("~/notes/hik.txt", "on a machine"),
    ])
    func pathsOutsideTheRepositoryFail(_ citation: String, _ expected: String) throws {
        let message = try #require(CitationRule.problem(in: citation))
        #expect(message.contains(expected))
    }

    @Test func aBareNameOfTheCatalogsOwnFilePasses() {
        #expect(CitationRule.problem(in: "oem-brands.json CP Plus", repositoryFiles: ["oem-brands.json"]) == nil)
        #expect(CitationRule.problem(in: "oem-brands.json CP Plus") != nil)
    }

    @Test func onlyCitationKeysAreCheckedAndEachProblemNamesItsPlace() throws {
        let json = """
            {"fingerprints": [
              {"id": "a", "pattern": "/work/is/a/pattern/not/a/citation", "source": "field-notes.md §4"},
              {"id": "b", "references": ["https://nvd.nist.gov/vuln/detail/CVE-2017-7921", "/tmp/x"]}
            ]}
            """
        let problems = CitationRule.problems(inJSON: Data(json.utf8))
        #expect(problems.map(\.keyPath) == ["fingerprints[0].source", "fingerprints[1].references[1]"])
        #expect(problems.map(\.text) == ["field-notes.md §4", "/tmp/x"])
    }

    @Test func malformedJSONHasNoCitationsRatherThanACrash() {
        #expect(CitationRule.problems(inJSON: Data("{\"source\": ".utf8)).isEmpty)
    }
}
