import CamAuditCore
import Crypto
import Foundation

/// The login check's link to the store, so that neither an interrupted and resumed scan nor scans run one
/// after another (a schedule) spend a device's lockout budget twice.
///
/// Each login is written down as `sent` before it leaves and as `refused` or `accepted` once answered
/// (`write` returns when it is kept). `earlier` is what camaudit sent to the address before this scan
/// looked at it: the failures since the device last accepted a login count in the budget, and a login
/// the device refused is not sent again.
public struct LoginLedger: Sendable {
    /// Makes the keys of the logins to one device: its address.
    public var salt: String
    /// What earlier scans, and earlier runs of this one, sent to this address.
    public var earlier: EarlierLogins
    /// Keeps one login's state for the device named so (`LoginRecord.device(of:)`); returns once written.
    public var write: @Sendable (_ key: String, _ state: LoginState, _ device: String) async -> Void

    public init(
        salt: String, earlier: EarlierLogins = EarlierLogins(),
        write: @escaping @Sendable (_ key: String, _ state: LoginState, _ device: String) async -> Void
    ) {
        self.salt = salt
        self.earlier = earlier
        self.write = write
    }

    /// The key of a login: SHA-256 of the salt, user and password, in hex. The store keeps keys, never passwords.
    public func key(user: String, password: String) -> String {
        let digest = SHA256.hash(data: Data((salt + "\u{0}" + user + "\u{0}" + password).utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Writes down `count` refusals caused outside the login check (identification requests a device
    /// answered as a failed login, `--credentials` reads), so that later scans count them too.
    public func recordOtherRefusals(_ count: Int, device: String) async {
        for _ in 0..<max(0, count) {
            await write("other:" + UUID().uuidString.lowercased(), .refused, device)
        }
    }
}
