import CamAuditCatalog
import Foundation
import Testing

@Suite struct CredentialCatalogTests {
    @Test func bundledDataLoadsWithoutErrorsOrWarnings() throws {
        let directory = try #require(CredentialCatalog.bundledDirectory)
        let (catalog, diagnostics) = CredentialCatalog.load(directory: directory)
        #expect(diagnostics.map(\.description) == [])
        #expect(catalog.defaults.count == 44)
        #expect(catalog.policies.count >= 15)
        #expect(catalog.defaults.allSatisfy { !$0.source.isEmpty } && catalog.policies.allSatisfy { !$0.source.isEmpty })
    }

    @Test func brandAndManufacturerDefaultsAreMergedOnce() throws {
        let catalog = try CredentialCatalog.bundled()
        let lts = catalog.triableDefaults(manufacturer: "Hikvision", brand: "LTS")
        // admin/12345 is the default of both: tried once; the activation entry is informational only.
        #expect(lts.map { "\($0.username):\($0.password ?? "nil")" } == ["admin:12345"])
        let amcrest = catalog.triableDefaults(manufacturer: "Dahua", brand: "Amcrest").map { "\($0.username):\($0.password ?? "nil")" }
        #expect(amcrest.first == "admin:admin")
        #expect(amcrest.contains("anonymity:anonymity") && amcrest.contains("888888:888888"))
        #expect(amcrest.filter { $0 == "admin:admin" }.count == 1)
        let axis = catalog.triableDefaults(manufacturer: "Axis", brand: nil).map { "\($0.username):\($0.password ?? "nil")" }
        #expect(axis == ["root:pass", "root:"])
        #expect(catalog.defaults.contains { $0.vendor == "Hanwha" && $0.password == nil && $0.informational != nil })
        #expect(catalog.triableDefaults(manufacturer: nil, brand: nil).isEmpty)
    }

    @Test func budgetsStayBelowEveryDocumentedThreshold() throws {
        let catalog = try CredentialCatalog.bundled()
        for vendor in ["Hikvision", "Dahua", "Axis", "Hanwha", "Uniview", "Reolink", "Xiongmai", "Bosch"] {
            let budget = catalog.attemptBudget(manufacturer: vendor, brand: nil)
            let thresholds = catalog.policies(manufacturer: vendor, brand: nil).filter(\.networkLogin).compactMap(\.threshold)
            #expect(budget >= 1 && budget <= CredentialCatalog.undocumentedBudget, "\(vendor): \(budget)")
            for threshold in thresholds { #expect(budget <= threshold - 2, "\(vendor): budget \(budget), threshold \(threshold)") }
        }
        // Hikvision: 7 for admin in the manual, 5 in the field note: the lowest wins.
        #expect(catalog.attemptBudget(manufacturer: "Hikvision", brand: nil) == 3)
    }

    @Test func badEntriesAreReportedWithFileAndEntry() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-cred-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let credentials = """
            {"credentials": [
              {"id": "ok-entry", "vendor": "Dahua", "username": "admin", "password": "admin", "source": "test"},
              {"id": "unknown-vendor", "vendor": "Nonesuch", "username": "admin", "password": "x", "source": "test"},
              {"id": "null-no-info", "vendor": "Axis", "username": "root", "password": null, "source": "test"},
              {"id": "no-source", "vendor": "Axis", "username": "root", "password": "pass", "source": ""},
              {"id": "ok-entry", "vendor": "DAHUA", "username": "admin", "password": "admin", "source": "test", "colour": "red"}
            ]}
            """
        let policies = """
            {"policies": [
              {"id": "bad-threshold", "vendor": "Hikvision", "surface": "web", "networkLogin": true, "threshold": -1, "signals": [{"kind": "telepathy"}], "source": "test"}
            ]}
            """
        try credentials.write(to: folder.appendingPathComponent("default-credentials.json"), atomically: true, encoding: .utf8)
        try policies.write(to: folder.appendingPathComponent("lockout-policies.json"), atomically: true, encoding: .utf8)
        let (_, diagnostics) = CredentialCatalog.load(directory: folder, vocabulary: try FingerprintCatalog.bundled().vocabulary)
        let text = diagnostics.map(\.description)
        func has(_ entry: String, _ words: String, file: String = "default-credentials.json") -> Bool {
            text.contains { $0.contains(file) && $0.contains(entry) && $0.contains(words) }
        }
        #expect(has("\"unknown-vendor\"", "not in vocabulary.json"))
        #expect(has("\"null-no-info\"", "informational"))
        #expect(has("\"no-source\"", "source"))
        #expect(has("\"ok-entry\"", "duplicate id"))
        #expect(has("\"ok-entry\"", "write \"Dahua\""))
        #expect(has("\"ok-entry\"", "unknown key \"colour\""))
        #expect(has("\"bad-threshold\"", "threshold", file: "lockout-policies.json"))
        #expect(has("\"bad-threshold\"", "unknown kind \"telepathy\"", file: "lockout-policies.json"))
        // Line numbers point at the entry, not the file start.
        #expect(diagnostics.contains { $0.message.contains("\"no-source\"") && $0.line == 5 })
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }
}
