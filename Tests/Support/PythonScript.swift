import Foundation

/// Runs a short python3 program with arguments; tests use it for independent checkers (csv, jsonschema, zlib).
public enum PythonScript {
    public static func run(_ source: String, arguments: [String] = [], input: Data? = nil) throws -> ChildProcess.Outcome {
        try ChildProcess.run("python3", ["-c", source] + arguments, stdin: input)
    }
}
