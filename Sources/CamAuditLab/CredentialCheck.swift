import Foundation

/// Verifies HTTP/RTSP `Authorization` headers: RFC 7616 Digest (MD5, qop=auth or none) and Basic.
struct CredentialCheck {
    var user: String
    var password: String
    var realm: String

    enum Outcome: Equatable {
        /// No Authorization header: does not count toward a lockout.
        case absent
        case accepted
        case refused
    }

    func check(authorization: String?, method: String, state: DeviceState) -> Outcome {
        guard let authorization, !authorization.isEmpty else { return .absent }
        let trimmed = authorization.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("basic ") {
            let encoded = String(trimmed.dropFirst(6)).trimmingCharacters(in: .whitespaces)
            guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return .refused }
            return text == "\(user):\(password)" ? .accepted : .refused
        }
        guard trimmed.lowercased().hasPrefix("digest ") else { return .refused }
        let fields = Self.parameters(String(trimmed.dropFirst(7)))
        guard let username = fields["username"], let nonce = fields["nonce"], let uri = fields["uri"],
            let response = fields["response"]
        else { return .refused }
        guard username == user, fields["realm"] == realm, state.knowsNonce(nonce) else { return .refused }
        let ha1 = MessageDigest.md5Hex("\(user):\(realm):\(password)")
        let ha2 = MessageDigest.md5Hex("\(method):\(uri)")
        let expected: String
        if let qop = fields["qop"] {
            expected = MessageDigest.md5Hex("\(ha1):\(nonce):\(fields["nc"] ?? ""):\(fields["cnonce"] ?? ""):\(qop):\(ha2)")
        } else {
            expected = MessageDigest.md5Hex("\(ha1):\(nonce):\(ha2)")
        }
        return expected == response.lowercased() ? .accepted : .refused
    }

    /// Splits `a="b", c=d` into a dictionary; quoted values may contain commas.
    static func parameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            while index < text.endIndex, text[index] == " " || text[index] == "," { index = text.index(after: index) }
            guard let equals = text[index...].firstIndex(of: "=") else { break }
            let key = text[index..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            index = text.index(after: equals)
            var value = ""
            if index < text.endIndex, text[index] == "\"" {
                index = text.index(after: index)
                let close = text[index...].firstIndex(of: "\"") ?? text.endIndex
                value = String(text[index..<close])
                index = close < text.endIndex ? text.index(after: close) : close
            } else {
                let end = text[index...].firstIndex(of: ",") ?? text.endIndex
                value = text[index..<end].trimmingCharacters(in: .whitespaces)
                index = end
            }
            result[key] = value
        }
        return result
    }
}
