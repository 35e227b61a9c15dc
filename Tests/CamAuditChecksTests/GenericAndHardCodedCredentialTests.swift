import CamAuditCatalog
import Foundation
import Testing

/// The generic list for cameras nobody could name, the hard-coded accounts from advisories, and the
/// unknown-maker budget, as the bundled data states them.
@Suite struct GenericAndHardCodedCredentialTests {
    @Test func anUnknownMakerGetsAShortGenericListBelowEveryThreshold() throws {
        let catalog = try CredentialCatalog.bundled()
        let generic = catalog.genericDefaults.map { "\($0.username):\($0.password ?? "nil")" }
        #expect(generic == ["admin:admin", "admin:", "admin:12345", "admin:123456"])
        #expect(catalog.genericDefaults.allSatisfy { $0.kind == .factoryDefault && !$0.source.isEmpty })
        // Never handed to an identified vendor.
        #expect(!catalog.triableDefaults(manufacturer: "Hikvision", brand: nil).contains { $0.isGeneric })
        let budget = catalog.attemptBudget(manufacturer: nil, brand: nil)
        let lowest = try #require(catalog.policies.filter(\.networkLogin).compactMap(\.threshold).min())
        #expect(budget == catalog.unknownMakerBudget)
        #expect(budget >= 1 && budget < lowest && budget <= lowest - 2, "budget \(budget), lowest network threshold \(lowest)")
        // Every vendor's lock signals apply when the vendor is unknown.
        let signals = catalog.lockSignals(manufacturer: nil, brand: nil)
        for policy in catalog.policies { #expect(Set(policy.signals).isSubset(of: Set(signals)), "\(policy.id)") }
    }

    @Test func hardCodedAccountsCarryTheirAdvisoryAndComeAfterTheDefaults() throws {
        let catalog = try CredentialCatalog.bundled()
        let hardCoded = catalog.defaults.filter { $0.kind == .hardCoded }
        #expect(!hardCoded.isEmpty)
        for entry in hardCoded {
            #expect(entry.advisory?.hasPrefix("https://") == true, "\(entry.id)")
            #expect(entry.published?.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil, "\(entry.id)")
            #expect(!entry.isGeneric)
        }
        let xiongmai = catalog.triableDefaults(manufacturer: "Xiongmai", brand: nil)
        #expect(xiongmai.map(\.username) == ["admin", "default"])
        #expect(xiongmai.last?.kind == .hardCoded)
    }

    @Test func lintRejectsLocalPathsAndIncompleteHardCodedEntries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-cred-hard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let credentials = """
            {"credentials": [
              {"id": "local-path", "vendor": "Dahua", "username": "admin", "password": "admin", "source": "notes in ../notes/x.jsonl"},
              {"id": "hard-no-advisory", "vendor": "Xiongmai", "username": "default", "password": "tluafed", "kind": "hard-coded", "source": "an advisory"},
              {"id": "hard-generic", "vendor": "*", "username": "root", "password": "x", "kind": "hard-coded", "advisory": "https://example.org/a",
               "published": "2020-01-01", "safety": "safe", "source": "an advisory"},
              {"id": "unsafe", "vendor": "Axis", "username": "root", "password": "pass", "safety": "intrusive", "source": "a manual"},
              {"id": "axis-root-secret99", "vendor": "Axis", "username": "root", "password": "secret99", "source": "a manual"},
              {"id": "axis-quoted", "vendor": "Axis", "username": "root", "password": "hunter22", "source": "a list row root,hunter22"}
            ]}
            """
        try credentials.write(to: folder.appendingPathComponent("default-credentials.json"), atomically: true, encoding: .utf8)
        try #"{"policies": []}"#.write(to: folder.appendingPathComponent("lockout-policies.json"), atomically: true, encoding: .utf8)
        let (_, diagnostics) = CredentialCatalog.load(directory: folder, vocabulary: try FingerprintCatalog.bundled().vocabulary)
        let text = diagnostics.map(\.description)
        func has(_ entry: String, _ words: String) -> Bool { text.contains { $0.contains(entry) && $0.contains(words) } }
        // Citations are checked for every data file at once (Catalog.lintCitations), the credentials included.
        #expect(
            Catalog.lintCitations(under: folder).diagnostics.contains {
                $0.message.contains("outside this repository") && $0.message.contains("../notes/x.jsonl")
            })
        #expect(has("\"hard-no-advisory\"", "\"advisory\""))
        #expect(has("\"hard-no-advisory\"", "\"published\""))
        #expect(has("\"hard-generic\"", "not to \"*\""))
        #expect(has("\"unsafe\"", "\"safety\" must be \"safe\""))
        #expect(has("\"axis-root-secret99\"", "the id contains the password"))
        #expect(has("\"axis-quoted\"", "the source spells the password"))
    }
}
