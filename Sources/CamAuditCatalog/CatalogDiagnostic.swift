/// A problem in the catalog data, printed like a compiler message: `path:line: error: message`.
public struct CatalogDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a problem is; only errors fail `camaudit data lint`.
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var path: String
    /// 1-based line of the entry the problem is about (1 for whole-file problems).
    public var line: Int
    public var severity: Severity
    public var message: String

    public init(path: String, line: Int, severity: Severity = .error, message: String) {
        self.path = path
        self.line = line
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(path):\(line): \(severity.rawValue): \(message)" }
}
