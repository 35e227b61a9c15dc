/// A login the default-credential check saw accepted, handed back so the scan can read the firmware with it
/// once (read-only). The password stays in memory: nothing prints this value.
public struct AcceptedLogin: Sendable, Hashable {
    /// Where the password came from, for the report's wording.
    public enum Origin: String, Sendable, Hashable {
        /// A factory default or generic default of the credential catalog.
        case catalogDefault
        /// A hard-coded account named in an advisory.
        case hardCodedAccount
        /// The user's `--wordlist`.
        case userWordlist
    }

    public var user: String
    public var password: String
    /// How the login was accepted (`HTTP GET /ISAPI/System/deviceInfo on port 80`).
    public var method: String
    public var origin: Origin

    public init(user: String, password: String, method: String, origin: Origin) {
        self.user = user
        self.password = password
        self.method = method
        self.origin = origin
    }

    /// How the report names the password: `the default password found by camaudit`.
    public var provenance: String {
        switch origin {
        case .catalogDefault: return "the default password found by camaudit"
        case .hardCodedAccount: return "the hard-coded account found by camaudit"
        case .userWordlist: return "the --wordlist password camaudit found accepted"
        }
    }
}
