import Crypto
import Foundation

/// The two favicon hashes fingerprint databases use: MD5 (recog, Ingram) and Shodan's mmh3 (nuclei).
public enum FaviconHash {
    /// Lower-case hex MD5 of the raw bytes.
    public static func md5(_ bytes: [UInt8]) -> String {
        Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Shodan's `http.favicon.hash`: MurmurHash3 x86_32 (seed 0) of the base64 text with a newline
    /// every 76 characters and a trailing newline (Python's `base64.encodebytes`), as a signed Int32.
    public static func shodanMMH3(_ bytes: [UInt8]) -> Int32 {
        Int32(bitPattern: MurmurHash3.x86_32(Array(encodebytesBase64(bytes).utf8)))
    }

    /// Base64 in MIME-ish lines of 76 characters, each ending in `\n`.
    static func encodebytesBase64(_ bytes: [UInt8]) -> String {
        let plain = Data(bytes).base64EncodedString()
        guard !plain.isEmpty else { return "" }
        var result = ""
        result.reserveCapacity(plain.count + plain.count / 76 + 1)
        var lineLength = 0
        for character in plain {
            result.append(character)
            lineLength += 1
            if lineLength == 76 {
                result.append("\n")
                lineLength = 0
            }
        }
        if lineLength > 0 { result.append("\n") }
        return result
    }
}
