import Crypto
import Foundation

/// Computes `Authorization` values for HTTP Digest (RFC 7616, MD5, qop=auth or none), Basic, and
/// the ONVIF WS-Security UsernameToken PasswordDigest.
public enum CredentialDigest {
    /// The `Authorization` header for a Digest challenge; nil when the challenge is not usable MD5 Digest.
    public static func digestAuthorization(
        challenge: AuthenticationChallenge, user: String, password: String, method: String, uri: String,
        clientNonce: String = randomHex(16)
    ) -> String? {
        guard challenge.scheme.lowercased() == "digest", let realm = challenge.realm, let nonce = challenge.parameter("nonce") else {
            return nil
        }
        let algorithm = challenge.parameter("algorithm") ?? "MD5"
        guard algorithm.uppercased() == "MD5" else { return nil }  // SHA-256 Digest is not offered by these devices
        let ha1 = md5Hex("\(user):\(realm):\(password)")
        let ha2 = md5Hex("\(method):\(uri)")
        var fields = ["username=\"\(quoted(user))\"", "realm=\"\(quoted(realm))\"", "nonce=\"\(quoted(nonce))\"", "uri=\"\(quoted(uri))\""]
        let qops = (challenge.parameter("qop") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if qops.contains("auth") {
            let count = "00000001"
            let response = md5Hex("\(ha1):\(nonce):\(count):\(clientNonce):auth:\(ha2)")
            fields += ["qop=auth", "nc=\(count)", "cnonce=\"\(clientNonce)\"", "response=\"\(response)\""]
        } else {
            fields.append("response=\"\(md5Hex("\(ha1):\(nonce):\(ha2)"))\"")
        }
        if let opaque = challenge.parameter("opaque") { fields.append("opaque=\"\(quoted(opaque))\"") }
        fields.append("algorithm=MD5")
        return "Digest " + fields.joined(separator: ", ")
    }

    public static func basicAuthorization(user: String, password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// ONVIF PasswordDigest = Base64(SHA1(nonce + created + password)).
    public static func wsPasswordDigest(nonce: [UInt8], created: String, password: String) -> String {
        let digest = Insecure.SHA1.hash(data: nonce + Array(created.utf8) + Array(password.utf8))
        return Data(digest).base64EncodedString()
    }

    public static func md5Hex(_ text: String) -> String {
        Insecure.MD5.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public static func randomHex(_ bytes: Int) -> String {
        (0..<bytes).map { _ in
            let byte = UInt8.random(in: 0...255)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    /// Escapes quotes and backslashes inside a quoted-string.
    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
