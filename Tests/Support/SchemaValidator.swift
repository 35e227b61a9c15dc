import Foundation

/// Runs Python's `jsonschema` (Draft 2020-12) on a document; returns the complaint, or nil when valid.
public enum SchemaValidator {
    public static func validate(_ document: Data, schema: URL) throws -> String? {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(sys.stdin)
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = sorted(jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc), key=str)
            print("\\n".join(e.message for e in errors)); sys.exit(1 if errors else 0)
            """
        return try complaint(PythonScript.run(script, arguments: [schema.path], input: document))
    }

    /// A checker script exits 0 when the document is valid and 1 with the complaint when not; anything
    /// else (a Traceback: python3 or a package missing) means it could not check.
    static func complaint(_ outcome: ChildProcess.Outcome) throws -> String? {
        switch outcome.status {
        case 0: return nil
        case 1 where !outcome.output.contains("Traceback"): return outcome.output
        default: throw ValidatorUnavailable(output: outcome.output)
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
