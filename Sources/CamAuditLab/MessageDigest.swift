import Crypto

/// MD5 and SHA-1 for HTTP Digest and ONVIF WS-Security checks inside the lab (swift-crypto).
/// The devices being emulated use these weak hashes; they verify test credentials and protect nothing.
enum MessageDigest {
    /// Lower-case hex MD5 of UTF-8 text.
    static func md5Hex(_ text: String) -> String { hex(Array(Insecure.MD5.hash(data: Array(text.utf8)))) }

    static func sha1(_ message: [UInt8]) -> [UInt8] { Array(Insecure.SHA1.hash(data: message)) }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
