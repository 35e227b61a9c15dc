import CamAuditCatalog
import Foundation
import Testing

/// Broken cloud endpoint files give diagnostics that name the file, the entry and its line.
@Suite struct CloudEndpointCatalogLintTests {
    private func load(_ text: String) throws -> (CloudEndpointCatalog, [CatalogDiagnostic], String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cloud-endpoints-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let vocabulary = try FingerprintCatalog.bundled().vocabulary
        let (catalog, diagnostics) = CloudEndpointCatalog.load(file: url, vocabulary: vocabulary)
        return (catalog, diagnostics, url.path)
    }

    private static let good = """
        {"id": "good", "vendor": "Hikvision", "operator": "Hikvision", "service": "Hik-Connect", "kind": "vendor-cloud",
         "names": ["dev.example-cloud.com"], "suffixes": ["example-cloud.com"], "confidence": "high", "source": "test"}
        """

    @Test func brokenEntriesAreReportedAndLeftOut() throws {
        let text = """
            {"endpoints": [
            \(Self.good),
            {"id": "bad-kind", "operator": "x", "service": "y", "kind": "cloud", "names": ["a.b.com"], "confidence": "high", "source": "s"},
            {"id": "wildcard", "operator": "x", "service": "y", "kind": "ntp", "suffixes": ["*.bad.com"], "confidence": "high", "source": "s"},
            {"id": "vendor-spelling", "vendor": "HIKVISION", "operator": "x", "service": "y", "kind": "ntp", "names": ["c.d.com"], "confidence": "high", "source": "s"},
            {"id": "no-source", "operator": "x", "service": "y", "kind": "dns", "names": ["e.f.com"], "confidence": "high", "source": " "},
            {"id": "bad-signature", "operator": "x", "service": "y", "kind": "p2p-broker", "signatures": [{"transport": "udp", "ports": [32100], "payloadPrefixes": ["f"], "description": "d"}], "confidence": "high", "source": "s"},
            {"id": "private-address", "operator": "x", "service": "y", "kind": "p2p-broker", "addresses": ["192.168.1.1"], "confidence": "low", "source": "s"},
            {"id": "nothing", "operator": "x", "service": "y", "kind": "update", "confidence": "low", "source": "s"},
            {"id": "dup-name", "operator": "x", "service": "y", "kind": "ntp", "names": ["dev.example-cloud.com"], "confidence": "low", "source": "s"},
            {"id": "good", "operator": "x", "service": "y", "kind": "ntp", "names": ["g.h.com"], "confidence": "medium", "source": "s"}
            ]}
            """
        let (catalog, diagnostics, path) = try load(text)
        #expect(catalog.endpoints.map(\.id) == ["good"])
        func messages(_ id: String) -> [CatalogDiagnostic] { diagnostics.filter { $0.message.hasPrefix("\"\(id)\":") } }
        #expect(messages("bad-kind").first?.message.contains("kind \"cloud\"") == true)
        #expect(messages("bad-kind").first?.line == 4)
        #expect(messages("wildcard").first?.message.contains("*.bad.com") == true)
        #expect(
            messages("vendor-spelling").first?.message.contains("is spelled differently in vocabulary.json; write \"Hikvision\"") == true)
        #expect(messages("no-source").first?.message.contains("has an empty source") == true)
        #expect(messages("bad-signature").first?.message.contains("payload prefix \"f\"") == true)
        #expect(messages("private-address").first?.message.contains("not a public address") == true)
        #expect(messages("nothing").first?.message.contains("nothing can match") == true)
        #expect(messages("dup-name").first?.message.contains("already listed by \"good\"") == true)
        #expect(messages("good").contains { $0.message.contains("duplicate id") })
        #expect(diagnostics.allSatisfy { $0.path == path && $0.severity == .error })
        #expect(diagnostics.first?.description.hasPrefix("\(path):") == true)
    }

    @Test func unreadableFilesGiveOneClearDiagnostic() throws {
        let (_, notJSON, path) = try load("{ not json")
        #expect(notJSON.count == 1 && notJSON[0].message.hasPrefix("invalid JSON") && notJSON[0].path == path)
        let (_, missing, _) = try load("{\"description\": \"x\"}")
        #expect(missing.count == 1 && missing[0].message.contains("\"endpoints\" is missing"))
        let (catalog, clean, _) = try load("{\"endpoints\": [\(Self.good)]}")
        #expect(clean.isEmpty && catalog.endpoints.count == 1)
    }
}
