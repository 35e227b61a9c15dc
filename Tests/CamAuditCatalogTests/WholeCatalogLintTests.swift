import CamAuditCatalog
import CamAuditTestSupport
import Foundation
import Testing

@Suite("One lint for all the data")
struct WholeCatalogLintTests {
    @Test func theShippedCatalogLintsCleanAndCoversEveryPart() throws {
        let root = try #require(FingerprintCatalog.bundledDirectory)
        let result = Catalog.lint(root: root)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.prefix(10).map(\.description).joined(separator: "\n"))")
        #expect(result.fingerprintCount > 0 && result.vulnerabilityCount > 0 && result.defaultLoginCount > 0)
        #expect(result.streamPathCount > 0, "stream-paths.json is linted")
        #expect(result.cloudEndpointCount > 0)
        #expect(result.citationsChecked >= 40, "every JSON file's citations are read")
    }

    @Test func aMissingPartIsAnErrorNotASilentPass() throws {
        let scratch = try ScratchCatalog(files: [:])
        defer { scratch.remove() }
        let result = Catalog.lint(root: scratch.directory)
        let missing = result.diagnostics.filter { $0.message.hasPrefix("missing:") }.map(\.message)
        for part in [
            "vulnerabilities", "credentials", "compliance", "streams/stream-paths.json", "cloud-endpoints.json", "device-types.json",
        ] {
            #expect(missing.contains { $0.hasSuffix(" \(part)") }, "\(part) not reported missing")
        }
        #expect(!missing.contains { $0.hasSuffix(" vocabulary.json") })
        #expect(result.errorCount >= 6)
    }

    @Test func aCitationOfResearchNotesOrAMachinePathIsRejectedAtItsLine() throws {
        let fingerprints = """
            {
              "field": "http.server",
              "description": "test",
              "fingerprints": [
                {
                  "id": "a",
                  "description": "test entry",
                  "pattern": "^DNVRS-Webs$",
                  "params": {"manufacturer": "Hikvision"},
                  "weight": 0.5,
                  "source": "field-notes.md §2.1 (nuclei)",
                  "examples": [{"value": "DNVRS-Webs", "expect": {"manufacturer": "Hikvision"}}]
                },
                {
                  "id": "b",
                  "description": "test entry",
                  "pattern": "^App-webs/$",
                  "params": {"manufacturer": "Hikvision"},
                  "weight": 0.5,
                  "source": "/work/shared/notes/field-notes.md",
                  "examples": [{"value": "App-webs/", "expect": {"manufacturer": "Hikvision"}}]
                }
              ]
            }
            """
        let scratch = try ScratchCatalog(files: ["http.server.json": fingerprints])
        defer { scratch.remove() }
        let citations = Catalog.lint(root: scratch.directory).diagnostics.filter { $0.message.contains("cites") }
        #expect(citations.count == 2)
        #expect(
            citations.contains { $0.line == 11 && $0.message.contains("not in this repository") && $0.path.hasSuffix("http.server.json") })
        #expect(citations.contains { $0.line == 20 && $0.message.contains("on a machine") })
    }

    @Test func eachSharedRuleIsWordedOnce() throws {
        var ids = EntryRules.IDs()
        #expect(ids.duplicate("x") == nil)
        #expect(ids.duplicate("x") == EntryRules.duplicateMessage("x"))
        #expect(EntryRules.emptySource("  ") != nil)
        #expect(EntryRules.emptySource("https://example.org/advisory") == nil)
        let (catalog, _) = FingerprintCatalog.load(directory: try #require(FingerprintCatalog.bundledDirectory))
        #expect(EntryRules.vendor("Hikvision", in: catalog.vocabulary) == nil)
        #expect(EntryRules.vendor("hikvision", in: catalog.vocabulary) == .spelling(canonical: "Hikvision"))
        #expect(EntryRules.vendor("Acme Cameras", in: catalog.vocabulary) == .unknown)
    }
}
