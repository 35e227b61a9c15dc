import CamAuditCatalog
import Foundation
import Testing

/// Lint rules of the OEM-label rule and of intrusive probes without a cleanup, on a broken copy of CVE-2021-36260.
@Suite struct OEMLabelLintTests {
    static func original() throws -> [String: Any] {
        let directory = try #require(VulnerabilityCatalog.bundledDirectory)
        let data = try Data(contentsOf: directory.appendingPathComponent("CVE-2021-36260.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Applies `change` to the family of the version check that carries `oemLabels`.
    static func oemFamily(_ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var checks = object["checks"] as? [[String: Any]] ?? []
        var families = checks[0]["families"] as? [[String: Any]] ?? []
        guard let index = families.firstIndex(where: { $0["oemLabels"] != nil }) else { return }
        change(&families[index])
        checks[0]["families"] = families
        object["checks"] = checks
    }

    static func probeCheck(_ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var checks = object["checks"] as? [[String: Any]] ?? []
        guard let index = checks.firstIndex(where: { $0["method"] as? String == "http-probe" }) else { return }
        change(&checks[index])
        object["checks"] = checks
    }

    static let broken: [BrokenFile] = [
        BrokenFile(name: "OEM rule without device types", expected: "needs deviceTypes from") { object in
            oemFamily(&object) { $0["oemLabels"] = ["deviceTypes": [String](), "source": "HSRC-202109-01"] }
        },
        BrokenFile(name: "OEM rule with an unknown device type", expected: "needs deviceTypes from") { object in
            oemFamily(&object) { $0["oemLabels"] = ["deviceTypes": ["doorbell"], "source": "HSRC-202109-01"] }
        },
        BrokenFile(name: "OEM rule without a source", expected: "has an empty source; name the advisory") { object in
            oemFamily(&object) { $0["oemLabels"] = ["deviceTypes": ["camera"], "source": " "] }
        },
        BrokenFile(name: "OEM model line of a label that is not the vendor's", expected: "has no relation of Amcrest to Hikvision") {
            object in
            var checks = object["checks"] as? [[String: Any]] ?? []
            var families = checks[0]["families"] as? [[String: Any]] ?? []
            if let index = families.firstIndex(where: { $0["label"] != nil }) { families[index]["label"] = "Amcrest" }
            checks[0]["families"] = families
            object["checks"] = checks
        },
        BrokenFile(name: "fixture with an unknown device type", expected: "fixture deviceType \"doorbell\"") { object in
            var fixtures = object["fixtures"] as? [String: Any] ?? [:]
            var examples = fixtures["examples"] as? [[String: Any]] ?? []
            examples[0]["deviceType"] = "doorbell"
            fixtures["examples"] = examples
            object["fixtures"] = fixtures
        },
        BrokenFile(name: "intrusive probe with neither cleanup nor cleanupAbsent", expected: "or a cleanupAbsent sentence") { object in
            probeCheck(&object) { check in
                var probe = check["probe"] as? [String: Any] ?? [:]
                probe["cleanupAbsent"] = nil
                check["probe"] = probe
            }
        },
        BrokenFile(
            name: "the PUT relabelled safe keeps its body free of shell metacharacters only", expected: "contains the shell metacharacter"
        ) { object in
            probeCheck(&object) { check in
                check["safety"] = "safe"
                var probe = check["probe"] as? [String: Any] ?? [:]
                probe["request"] = [
                    "method": "PUT", "path": "/SDK/webLanguage", "contentType": "application/xml", "body": "<language>$(id)</language>",
                ]
                check["probe"] = probe
            }
        },
    ]

    @Test(arguments: broken)
    func lintReportsBrokenRule(_ file: BrokenFile) throws {
        var object = try Self.original()
        file.mutate(&object)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-oem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            .write(to: directory.appendingPathComponent("CVE-2021-36260.json"))
        let (catalog, diagnostics) = VulnerabilityCatalog.load(directory: directory)
        #expect(
            diagnostics.contains { $0.severity == .error && $0.message.contains(file.expected) }, "got: \(diagnostics.map(\.description))")
        #expect(catalog.vulnerabilities.isEmpty, "a file with errors never reaches the checker")
    }

    /// The bundled file keeps the default run write-free: its only probe is intrusive and says why it has no cleanup.
    @Test func theWebLanguageProbeIsIntrusiveAndSaysWhatItLeavesBehind() throws {
        let vulnerability = try #require(BundledVulnerabilities.catalog.vulnerability(id: "CVE-2021-36260"))
        let probes = vulnerability.checks.filter { $0.method == "http-probe" }
        #expect(!probes.isEmpty)
        for check in probes {
            #expect(check.safety == "intrusive")
            #expect(check.probe?.cleanupAbsent?.contains("web language") == true)
        }
        let rule = try #require(vulnerability.checks.first?.families?.compactMap(\.oemLabels).first)
        #expect(rule.deviceTypes == ["camera"])
    }

    /// Every OEM rule in the bundled catalog can follow at least one relation of data/oem-brands.json.
    @Test func everyOEMRuleHasARelationToFollow() {
        let catalog = BundledVulnerabilities.catalog
        for vulnerability in catalog.vulnerabilities {
            let rules = vulnerability.checks.flatMap { $0.families ?? [] }.filter { $0.oemLabels != nil }
            if !rules.isEmpty {
                #expect(catalog.oemBrands.contains { $0.manufacturer == vulnerability.vendor }, "\(vulnerability.id)")
            }
        }
    }
}
