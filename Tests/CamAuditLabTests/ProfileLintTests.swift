import CamAuditLab
import Foundation
import Testing

@Suite("Lab profiles are linted like the catalog")
struct ProfileLintTests {
    @Test func theBundledProfilesLintClean() throws {
        let (count, problems) = ProfileLint.lint { _ in true }
        #expect(count >= 60)
        #expect(problems.isEmpty, "\(problems.prefix(10).map { "\($0.path):\($0.line): \($0.message)" }.joined(separator: "\n"))")
    }

    @Test func aProfileCitingNotesWithAWrongIdAndAnUnknownMakerIsReported() throws {
        let source = try #require(ProfileLint.folder).appendingPathComponent("hikvision-ipc-old.json")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        object["source"] = "field-notes.md §2.2 and /work/shared/notes/briefing.md"
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(
            to: folder.appendingPathComponent("renamed.json"))
        let (count, problems) = ProfileLint.lint(folder: folder) { $0 != "Hikvision" }
        #expect(count == 1)
        let messages = problems.map(\.message)
        #expect(messages.contains { $0.contains("differs from the file name") })
        #expect(messages.contains { $0.contains("expected vendor \"Hikvision\" is not in vocabulary.json") })
        #expect(messages.contains { $0.hasPrefix("source cites a path on a machine") })
    }
}
