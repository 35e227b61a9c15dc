import CamAuditCatalog
import Foundation
import Testing

/// The Hikvision and Dahua product lines of the KEV camera advisories: every model family of the version
/// check has a vulnerable and a patched fixture of its own (the fixture's model is matched first by that
/// family), so a line added without a fixture, or shadowed by an earlier pattern, fails here.
@Suite struct FamilyFixtureCoverageTests {
    static let advisoryFiles = ["CVE-2021-36260", "CVE-2021-33044", "CVE-2021-33045", "CVE-2017-7921"]

    /// The name of the first family whose pattern matches `model` (the checker's order), if any.
    static func firstFamily(_ families: [Vulnerability.Family], model: String) -> String? {
        families.first { family in
            guard let expression = try? NSRegularExpression(pattern: family.modelPattern, options: [.caseInsensitive]) else { return false }
            return expression.firstMatch(in: model, range: NSRange(model.startIndex..<model.endIndex, in: model)) != nil
        }?.name
    }

    @Test(arguments: advisoryFiles)
    func everyFamilyHasAVulnerableAndAPatchedFixture(_ id: String) throws {
        let vulnerability = try #require(BundledVulnerabilities.catalog.vulnerability(id: id))
        let families = vulnerability.checks.filter { $0.method == "version" }.flatMap { $0.families ?? [] }
        let fixtures = vulnerability.fixtures?.examples ?? []
        #expect(!families.isEmpty)
        for family in families {
            // The OEM-label family matches no model on purpose: its fixtures are labelled devices outside every family.
            let own =
                family.oemLabels != nil
                ? fixtures.filter { $0.brand != nil && Self.firstFamily(families, model: $0.model) == nil }
                : fixtures.filter { Self.firstFamily(families, model: $0.model) == family.name }
            #expect(Set(own.map(\.expect)) == ["vulnerable", "patched"], "\(id) \(family.name): \(own.map { "\($0.expect) \($0.model)" })")
        }
    }
}
