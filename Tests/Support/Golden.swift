import Foundation
import Testing

/// The one golden-file switch: with `CAMAUDIT_UPDATE_GOLDEN=1` in the environment every check writes
/// what the code produces now into the source tree (review the diff, then build and run again);
/// otherwise it compares with the copy the build bundled.
public enum Golden {
    /// The environment variable that turns writing on.
    public static let switchName = "CAMAUDIT_UPDATE_GOLDEN"
    public static var updating: Bool { ProcessInfo.processInfo.environment[switchName] == "1" }

    /// Compares `actual` with `bundled/name`, or writes it to `source/name` while updating.
    /// `bundled` is the folder as the test bundle holds it, `source` the same folder in the source tree.
    public static func check(
        name: String, actual: Data, bundled: URL, source: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        if updating {
            try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
            try actual.write(to: source.appendingPathComponent(name))
            return
        }
        let expected = try Data(contentsOf: bundled.appendingPathComponent(name))
        let message: Comment = "\(name) differs from its golden file; run with \(switchName)=1 and review the diff"
        // Text is compared as text, so a failure shows where it differs; other bytes by their count.
        if let expectedText = String(data: expected, encoding: .utf8), let actualText = String(data: actual, encoding: .utf8) {
            #expect(actualText == expectedText, message, sourceLocation: sourceLocation)
        } else {
            let sizes = "\(actual.count) bytes now, \(expected.count) in the file"
            #expect(actual == expected, "\(message) (\(sizes))", sourceLocation: sourceLocation)
        }
    }

    public static func check(
        name: String, actual: String, bundled: URL, source: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try check(name: name, actual: Data(actual.utf8), bundled: bundled, source: source, sourceLocation: sourceLocation)
    }
}
