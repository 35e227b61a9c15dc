import Foundation

/// Runs a short python3 program with arguments; tests use it for independent checkers (csv, jsonschema, zlib).
public enum PythonScript {
    /// Exit status and everything the program printed (stdout and stderr together).
    public struct Outcome: Sendable {
        public var status: Int32
        public var output: String
    }

    public static func run(_ source: String, arguments: [String] = [], input: Data? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", source] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let feed = Pipe()
        process.standardInput = feed
        try process.run()
        feed.fileHandleForWriting.write(input ?? Data())
        try feed.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: text)
    }
}
