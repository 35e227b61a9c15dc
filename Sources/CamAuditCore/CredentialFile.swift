import Foundation

/// The logins of a `--credentials` file, matched to hosts in file order.
///
/// Format, one entry per line (blank lines and lines starting with `#` are skipped):
///
///     # target      user   password (the rest of the line, spaces included)
///     127.0.0.5     admin  Lab-hik-2385!
///     127.70.0.0/16 admin  s3cret pass
///     *             root   pass
///     {"target": "127.0.0.9", "user": "admin", "password": "p w"}
///
/// A target is an address, a CIDR network, a range (`a-b`) or `*`. A line may be a JSON object
/// with `target`, `user` and `password` (JSON lines), which allows any character in a password.
/// Passwords are kept in memory only: they never reach reports, notes, logs or the store.
public struct CredentialFile: Sendable {
    public var entries: [CredentialEntry]

    /// The largest credentials file read: a login list, not a wordlist.
    public static let maximumBytes = 1 << 20

    public init(entries: [CredentialEntry]) { self.entries = entries }

    /// Reads and parses a file.
    public init(contentsOf path: String) throws(CredentialFileError) {
        let data: Data
        do throws(BoundedFile.Failure) {
            data = try BoundedFile.read(path, maximumBytes: Self.maximumBytes)
        } catch {
            switch error {
            case .tooLarge(let limit): throw CredentialFileError.tooLarge(path: path, limit: limit)
            case .unreadable(let reason): throw CredentialFileError.unreadable(path: path, reason: reason)
            }
        }
        try self.init(parsing: String(decoding: data, as: UTF8.self))
    }

    /// Parses the text of a file.
    public init(parsing text: String) throws(CredentialFileError) {
        var entries: [CredentialEntry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let number = index + 1
            let target: String, user: String, password: String
            if line.hasPrefix("{") {
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                    let t = object["target"] as? String, let u = object["user"] as? String, let p = object["password"] as? String
                else { throw .malformedLine(line: number, reason: "the JSON object needs string fields target, user and password") }
                (target, user, password) = (t, u, p)
            } else {
                let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
                guard parts.count == 3 else { throw .malformedLine(line: number, reason: "expected three fields") }
                (target, user, password) = (String(parts[0]), String(parts[1]), parts[2].trimmingCharacters(in: .whitespaces))
            }
            guard !user.isEmpty else { throw .malformedLine(line: number, reason: "the user name is empty") }
            entries.append(CredentialEntry(scope: try Self.scope(target, line: number), user: user, password: password))
        }
        self.entries = entries
    }

    /// The entries that apply to an address, in file order, without duplicate user/password pairs.
    public func entries(for address: IPAddress) -> [CredentialEntry] {
        var seen: Set<String> = []
        return entries.filter { $0.scope.contains(address) && seen.insert($0.user + "\u{0}" + $0.password).inserted }
    }

    private static func scope(_ target: String, line: Int) throws(CredentialFileError) -> CredentialEntry.Scope {
        if target == "*" { return .anyHost }
        guard let specification = try? TargetSpecification(parsing: target), case .range(let range) = specification.kind else {
            throw .badTarget(line: line, target: target)
        }
        return .range(range)
    }
}
