import Crypto
import Foundation

/// How webhook deliveries are signed, and how a receiver checks them.
///
/// Each POST carries two headers:
/// - `X-Camaudit-Timestamp`: the send time in whole seconds since 1970-01-01T00:00:00Z;
/// - `X-Camaudit-Signature`: `sha256=` and the lowercase hex HMAC-SHA256 (RFC 2104, "HMAC: Keyed-Hashing for Message
///   Authentication"; FIPS 180-4 for SHA-256) keyed with the target's secret over the bytes of the timestamp, one `.`,
///   and the request body exactly as received.
///
/// Signing the timestamp with the body stops a captured request from being replayed later: a receiver rejects a
/// timestamp farther than its tolerance (five minutes by default) from its own clock, and cannot be fooled into
/// accepting an old body with a fresh timestamp. Compare in constant time (`verify` does).
public enum WebhookSignature {
    public static let signatureHeader = "X-Camaudit-Signature"
    public static let timestampHeader = "X-Camaudit-Timestamp"
    public static let defaultTolerance: TimeInterval = 300

    /// The `X-Camaudit-Signature` value for a body sent at `timestamp`.
    public static func header(body: [UInt8], timestamp: String, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: signedBytes(body: body, timestamp: timestamp), using: key(secret))
        return "sha256=" + code.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    /// Whether `header` is the signature of `body` at `timestamp` with `secret`, and `timestamp` is within
    /// `tolerance` seconds of `now`. Any malformed header or timestamp is a rejection.
    public static func verify(
        body: [UInt8], timestamp: String, header: String, secret: String, now: Date = Date(), tolerance: TimeInterval = defaultTolerance
    ) -> Bool {
        guard let seconds = Int64(timestamp), timestamp.allSatisfy(\.isASCII), abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance
        else { return false }
        guard header.hasPrefix("sha256="), let code = hexBytes(header.dropFirst("sha256=".count)), code.count == SHA256.byteCount
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            code, authenticating: signedBytes(body: body, timestamp: timestamp), using: key(secret))
    }

    static func signedBytes(body: [UInt8], timestamp: String) -> [UInt8] { Array(timestamp.utf8) + [UInt8(ascii: ".")] + body }

    static func key(_ secret: String) -> SymmetricKey { SymmetricKey(data: Array(secret.utf8)) }

    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
