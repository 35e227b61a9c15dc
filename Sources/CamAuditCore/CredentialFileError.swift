/// Why a `--credentials` file could not be used.
public enum CredentialFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is larger than camaudit accepts for a credentials file.
    case tooLarge(path: String, limit: Int)
    /// A line is neither a JSON object nor `target user password`.
    case malformedLine(line: Int, reason: String)
    /// A line's target is not an address, a network, a range or `*`.
    case badTarget(line: Int, target: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read the credentials file \(path) (\(reason)); check the path and its permissions"
        case .tooLarge(let path, let limit):
            return "the credentials file \(path) is larger than \(limit) bytes; keep only the logins you need"
        case .malformedLine(let line, let reason):
            return "credentials line \(line): \(reason); write `target user password` or {\"target\":..,\"user\":..,\"password\":..}"
        case .badTarget(let line, let target):
            return "credentials line \(line): '\(target)' is not an address, a CIDR network, a range or *; host names are not accepted here"
        }
    }
}
