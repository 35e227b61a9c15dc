import Foundation

/// A host whose probes and checks finished, as a scan writes it down and a resumed scan reads it back.
public struct CompletedHost: Sendable, Hashable, Codable {
    public var device: DeviceReport
    /// Requests the security checks sent to it.
    public var requestsSent: Int
    /// The intrusive requests among them, described.
    public var intrusiveRequests: [String]
    /// Whether the security checks ran on it (they do not once the deadline has passed); the router's port
    /// mappings are matched only to hosts that were checked.
    public var checked: Bool

    public init(device: DeviceReport, requestsSent: Int = 0, intrusiveRequests: [String] = [], checked: Bool = false) {
        self.device = device
        self.requestsSent = requestsSent
        self.intrusiveRequests = intrusiveRequests
        self.checked = checked
    }
}

/// A scan taken up again: its id and start, and the hosts done before it stopped (they are not probed again).
public struct ScanResumption: Sendable {
    public var id: String
    public var startedAt: Date
    public var hosts: [CompletedHost]

    public init(id: String, startedAt: Date, hosts: [CompletedHost]) {
        self.id = id
        self.startedAt = startedAt
        self.hosts = hosts
    }
}

/// Where one login camaudit sent stands, as a scan writes it down before and after sending it.
///
/// A scan that dies between the two leaves it `sent`: the device may have counted it, so later scans
/// count it as refused.
public enum LoginState: String, Sendable, Codable, CaseIterable {
    case sent
    case refused
    case accepted
}

/// One login camaudit sent to an address (or one request the device answered as a failed login), as the
/// store keeps it across scans.
public struct LoginRecord: Sendable, Hashable {
    /// A hash of the address, user and password (`other:…` for a refused request that was not a login).
    public var key: String
    public var state: LoginState
    /// The maker the scan had named at the address (`LoginRecord.device(of:)`): a different device at the
    /// same address starts afresh.
    public var device: String
    public var at: Date
    public var scanID: String

    public init(key: String, state: LoginState, device: String, at: Date, scanID: String) {
        self.key = key
        self.state = state
        self.device = device
        self.at = at
        self.scanID = scanID
    }

    /// What stands for "the same device" at an address: its maker (or brand), else `unknown`.
    public static func device(of identity: Identity) -> String {
        identity.manufacturer ?? identity.brand ?? "unknown"
    }
}

/// The logins earlier scans (and earlier runs of an interrupted one) sent to one address, oldest first.
///
/// Lockout counters count failures in a row: a login the device accepted sets them back to zero, so only
/// what came after the last accepted login counts in the budget; a refused login is not sent again.
public struct EarlierLogins: Sendable, Hashable {
    public var records: [LoginRecord]

    public init(_ records: [LoginRecord] = []) {
        self.records = records
    }

    /// The records of this device (`LoginRecord.device(of:)`) since the last login it accepted.
    public func sinceLastAccepted(device: String) -> [LoginRecord] {
        let mine = records.filter { $0.device == device }
        guard let last = mine.lastIndex(where: { $0.state == .accepted }) else { return mine }
        return Array(mine[(last + 1)...])
    }

    /// Failures the device may still be counting: refused, or sent with no answer kept, since the last accepted login.
    public func countedAsRefused(device: String) -> Int {
        sinceLastAccepted(device: device).filter { $0.state != .accepted }.count
    }

    /// True when this device refused the login (`key`, or a key a later send gave it, `key#…`) before.
    public func refused(_ key: String, device: String) -> Bool {
        records.contains { $0.device == device && $0.state == .refused && Self.names($0.key, key) }
    }

    /// True when the login (or a resend of it) was left without an answer since the last accepted login.
    public func unanswered(_ key: String, device: String) -> Bool {
        sinceLastAccepted(device: device).contains { $0.state == .sent && Self.names($0.key, key) }
    }

    /// True when a record's key is `key` or a resend of it (`key#…`).
    static func names(_ recordKey: String, _ key: String) -> Bool {
        recordKey == key || recordKey.hasPrefix(key + "#")
    }
}
