import Foundation

/// Parses CSV with Python's `csv` module, an independent RFC 4180 reader.
public enum CSVParsing {
    public static func rows(_ csv: String) throws -> [[String]] {
        let script =
            "import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.buffer.read().decode('utf-8'), newline='')))))"
        let outcome = try PythonScript.run(script, input: Data(csv.utf8))
        guard outcome.status == 0 else { throw CSVParseFailure(output: outcome.output) }
        return try JSONDecoder().decode([[String]].self, from: outcome.stdoutData)
    }

    public struct CSVParseFailure: Error {
        public let output: String
    }
}
