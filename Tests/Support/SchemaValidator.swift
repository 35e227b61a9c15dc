import Foundation

/// Runs Python's `jsonschema` (Draft 2020-12) on a document; returns the complaint, or nil when valid.
public enum SchemaValidator {
    public static func validate(_ document: Data, schema: URL) throws -> String? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let documentURL = directory.appendingPathComponent("doc.json")
        try document.write(to: documentURL)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = sorted(jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc), key=str)
            print("\\n".join(e.message for e in errors)); sys.exit(1 if errors else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema.path, documentURL.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: return nil
        case 1 where !text.contains("Traceback"): return text
        default: throw ValidatorUnavailable(output: text)
        }
    }

    struct ValidatorUnavailable: Error, CustomStringConvertible {
        let output: String
        var description: String { "python3 with jsonschema is needed to validate the schema (run scripts/setup): \(output)" }
    }
}

/// Files of this repository that tests read in place (the schema, the data folder).
public enum RepositoryFiles {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let reportSchema = root.appendingPathComponent("schema/scan-report.schema.json")
    public static let trafficSchema = root.appendingPathComponent("schema/traffic-report.schema.json")
}

/// Loopback lab addresses for tests: a second octet of its own per test process (200-249), so two
/// test runs on one machine (a developer's and CI's) never bind the same lab address. Each test
/// takes its own third octet.
public enum LabAddresses {
    public static let octet = 200 + Int(getpid() % 50)
    public static func base(_ third: Int) -> String { "127.\(octet).\(third).0" }
}
