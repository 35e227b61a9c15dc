/// One user-supplied login: which hosts it is for, a user name and a password that is never printed.
public struct CredentialEntry: Sendable, Hashable, CustomStringConvertible {
    /// The hosts the entry applies to.
    public enum Scope: Sendable, Hashable, CustomStringConvertible {
        /// `*`: every host.
        case anyHost
        /// A single address, a CIDR network or a range.
        case range(AddressRange)

        public func contains(_ address: IPAddress) -> Bool {
            switch self {
            case .anyHost: return true
            case .range(let range): return range.contains(address)
            }
        }

        public var description: String {
            switch self {
            case .anyHost: return "*"
            case .range(let range): return range.description
            }
        }
    }

    public var scope: Scope
    public var user: String
    /// Only sent to devices; `description` and reports never show it.
    public var password: String

    public init(scope: Scope, user: String, password: String) {
        self.scope = scope
        self.user = user
        self.password = password
    }

    /// `admin@127.0.0.0/8 (password redacted)`: safe for logs and notes.
    public var description: String { "\(user)@\(scope) (password redacted)" }
}
