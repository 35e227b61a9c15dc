/// How a vendor locks out failed logins, and how its devices say so on the wire
/// (`data/credentials/lockout-policies.json`).
public struct LockoutPolicy: Sendable, Hashable {
    /// A way a device signals a lock, or how many attempts are left before one.
    public enum Signal: Sendable, Hashable {
        /// An XML element whose text equals a value (Hikvision `<lockStatus>lock</lockStatus>`).
        case xmlElement(name: String, equals: String)
        /// An XML element holding the attempts left before the lock (Hikvision `<retryLoginTime>`); 0 means locked.
        case attemptsLeft(name: String)
        /// A numeric `code`, `rspCode` or `error_code` anywhere in a JSON answer (Dahua 268632081, Reolink -506).
        case jsonErrorCode(Int)
        /// Text anywhere in an answer, case-insensitive (`Login has been locked`).
        case bodyText(String)
    }

    /// Stable id, e.g. `hikvision-web-isapi`.
    public var id: String
    /// Canonical manufacturer or brand name, or `*` for every vendor.
    public var vendor: String
    public var surface: String
    /// True when the policy concerns network logins (web, RPC, ONVIF), the ones camaudit makes.
    public var networkLogin: Bool
    /// Refused logins that lock; nil when the sources document no number.
    public var threshold: Int?
    public var lockSeconds: Int?
    public var signals: [Signal]
    public var source: String
    public var location: CatalogLocation

    public init(
        id: String, vendor: String, surface: String, networkLogin: Bool, threshold: Int?, lockSeconds: Int?, signals: [Signal],
        source: String, location: CatalogLocation
    ) {
        self.id = id
        self.vendor = vendor
        self.surface = surface
        self.networkLogin = networkLogin
        self.threshold = threshold
        self.lockSeconds = lockSeconds
        self.signals = signals
        self.source = source
        self.location = location
    }
}
