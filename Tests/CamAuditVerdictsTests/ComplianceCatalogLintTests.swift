import CamAuditCatalog
import Foundation
import Testing

@Suite("Compliance data lint")
struct ComplianceCatalogLintTests {
    @Test func theBundledRuleSetsLintClean() throws {
        let root = try #require(FingerprintCatalog.bundledDirectory)
        let (catalog, diagnostics) = ComplianceCatalog.load(root: root)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        #expect(catalog.ruleSets.map(\.id) == ["fcc-covered-list", "ndaa-889"])
        let ndaa = try #require(catalog.ruleSet(id: "ndaa-889"))
        #expect(Set(ndaa.entities.compactMap(\.manufacturer)) == ["Hikvision", "Dahua", "Hytera", "Huawei", "ZTE"])
        #expect(ndaa.entities.allSatisfy { !$0.source.isEmpty })
    }

    @Test func brokenRuleSetsAreReportedWithTheirLines() throws {
        let bundled = try #require(FingerprintCatalog.bundledDirectory)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-compliance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("compliance"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(
            at: bundled.appendingPathComponent("maker-evidence.json"), to: root.appendingPathComponent("maker-evidence.json"))
        let broken = """
            {
              "id": "other-name",
              "title": "Test list",
              "citation": "none",
              "asOf": "last week",
              "source": "test",
              "effect": "test",
              "coversOEMLabels": true,
              "entities": [
                { "entity": "Hik", "manufactuer": "Hikvision", "equipment": "cameras", "dateAdded": "2021-03-12", "source": "test" },
                { "entity": "Dahua Technology", "manufacturer": "DAHUA", "equipment": "cameras", "dateAdded": "2021-03-12", "source": "test" },
                { "entity": "Lorex", "manufacturer": "Lorex", "equipment": "cameras", "dateAdded": "2021", "source": "" }
              ]
            }
            """
        try broken.write(to: root.appendingPathComponent("compliance/test-list.json"), atomically: true, encoding: .utf8)
        let (catalog, diagnostics) = ComplianceCatalog.load(root: root)
        let messages = diagnostics.map(\.description)
        func has(_ text: String) -> Bool { messages.contains { $0.contains(text) } }
        #expect(has("differs from the file name"))
        #expect(has("asOf \"last week\" is not a date"))
        #expect(has("coversOEMLabelsSource is missing"))
        #expect(has("unknown key \"manufactuer\""))
        #expect(has("write \"Dahua\""))
        #expect(has("is the brand Lorex"))
        #expect(has("dateAdded \"2021\""))
        #expect(has("has an empty source"))
        #expect(messages.allSatisfy { $0.contains("test-list.json:") })
        #expect(catalog.ruleSets.isEmpty)  // a rule set with errors never decides a verdict
    }
}
