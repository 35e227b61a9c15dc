import Foundation

/// The logins of a `--wordlist` file, tried on every host besides the catalog's defaults.
public enum CredentialWordlist {
    /// `user password` or `user:password` per line; `#` comments and blank lines skipped.
    public static func parse(_ text: String) -> [(user: String, password: String)] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            if let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) {
                return (String(trimmed[..<space]), String(trimmed[trimmed.index(after: space)...]).trimmingCharacters(in: .whitespaces))
            }
            if let colon = trimmed.firstIndex(of: ":") {
                return (String(trimmed[..<colon]), String(trimmed[trimmed.index(after: colon)...]))
            }
            return (trimmed, "")
        }
    }
}
