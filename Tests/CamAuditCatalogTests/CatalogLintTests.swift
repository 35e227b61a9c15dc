import CamAuditCatalog
import CamAuditTestSupport
import Foundation
import Testing

@Suite struct CatalogLintTests {
    /// Lints a one-file catalog and returns its diagnostics.
    private func lint(_ name: String, _ text: String) throws -> [CatalogDiagnostic] {
        let scratch = try ScratchCatalog(files: [name: text])
        defer { scratch.remove() }
        let (catalog, _) = FingerprintCatalog.load(directory: scratch.directory)
        return catalog.lint()
    }

    private func entry(
        id: String, pattern: String, params: String = #"{"manufacturer": "Hikvision"}"#, example: String,
        expect: String = #"{"manufacturer": "Hikvision"}"#
    ) -> String {
        """
            {
              "id": "\(id)",
              "description": "test entry",
              "pattern": "\(pattern)",
              "params": \(params),
              "weight": 0.5,
              "source": "test",
              "examples": [{"value": "\(example)", "expect": \(expect)}]
            }
        """
    }

    private func file(_ field: String, _ entries: [String]) -> String {
        "{\n  \"field\": \"\(field)\",\n  \"description\": \"test\",\n  \"fingerprints\": [\n" + entries.joined(separator: ",\n")
            + "\n  ]\n}\n"
    }

    @Test func validCatalogHasNoDiagnostics() throws {
        let diagnostics = try lint(
            "http.server.json", file("http.server", [entry(id: "a", pattern: "^DNVRS-Webs$", example: "DNVRS-Webs")]))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func badRegexIsReportedAtItsEntry() throws {
        let text = file(
            "http.server", [entry(id: "ok", pattern: "^ok$", example: "ok"), entry(id: "broken", pattern: "^(unclosed$", example: "x")])
        let diagnostics = try lint("http.server.json", text)
        let diagnostic = try #require(diagnostics.first { $0.message.contains("does not compile") })
        #expect(diagnostic.path.hasSuffix("fingerprints/http.server.json"))
        #expect(diagnostic.line == 15)
        #expect(diagnostic.description.contains("http.server.json:15: error:"))
    }

    @Test func shadowedExampleIsReported() throws {
        let text = file(
            "http.server",
            [entry(id: "broad", pattern: "Webs", example: "Webs"), entry(id: "narrow", pattern: "^DNVRS-Webs$", example: "DNVRS-Webs")])
        let diagnostics = try lint("http.server.json", text)
        let diagnostic = try #require(diagnostics.first { $0.message.contains("matched first by \"broad\"") })
        #expect(diagnostic.line == 15)
        #expect(diagnostic.message.contains("narrow"))
    }

    @Test func unknownVocabularyIsReported() throws {
        let text = file(
            "http.server",
            [
                entry(
                    id: "acme", pattern: "^acme$", params: #"{"manufacturer": "Acme", "deviceType": "toaster"}"#, example: "acme",
                    expect: #"{"manufacturer": "Acme", "deviceType": "toaster"}"#)
            ])
        let diagnostics = try lint("http.server.json", text)
        #expect(diagnostics.contains { $0.line == 6 && $0.message.contains("manufacturer \"Acme\"") })
        #expect(diagnostics.contains { $0.line == 6 && $0.message.contains("deviceType \"toaster\"") })
    }

    @Test func duplicateIdIsReportedAtTheSecondCopy() throws {
        let text = file("http.server", [entry(id: "same", pattern: "^a$", example: "a"), entry(id: "same", pattern: "^b$", example: "b")])
        let diagnostics = try lint("http.server.json", text)
        let diagnostic = try #require(diagnostics.first { $0.message.contains("duplicate id") })
        #expect(diagnostic.line == 15)
        #expect(diagnostic.message.contains("http.server.json:6"))
    }

    @Test func wrongExpectedAttributesAreReported() throws {
        let text = file(
            "http.auth_realm",
            [
                entry(
                    id: "realm", pattern: "^Login to (\\\\w+)$", params: #"{"manufacturer": "Dahua", "serial": "$1"}"#,
                    example: "Login to ABC", expect: #"{"manufacturer": "Dahua"}"#)
            ])
        let diagnostics = try lint("http.auth_realm.json", text)
        #expect(diagnostics.contains { $0.line == 6 && $0.message.contains("extracts") && $0.message.contains("ABC") })
    }

    @Test func schemaProblemsAreReported() throws {
        let text = """
            {
              "field": "http.title",
              "description": "test",
              "fingerprints": [
                {"id": "no-source", "description": "d", "pattern": "^x$", "params": {"colour": "red"}, "weight": 1.5, "source": "", "examples": [], "extra": true}
              ]
            }
            """
        let diagnostics = try lint("http.server.json", text)
        let messages = diagnostics.map(\.message).joined(separator: "\n")
        #expect(messages.contains("does not match the file name"))
        #expect(messages.contains("unknown key \"extra\""))
        #expect(messages.contains("unknown attribute \"colour\""))
        #expect(messages.contains("weight 1.5"))
        #expect(messages.contains("has an empty source"))
        #expect(messages.contains("no examples"))
        #expect(diagnostics.contains { $0.line == 5 })
    }

    @Test func malformedJSONIsADiagnosticNotACrash() throws {
        let diagnostics = try lint("http.server.json", "{ \"field\": ")
        #expect(diagnostics.contains { $0.message.contains("invalid JSON") && $0.line == 1 })
    }
}
