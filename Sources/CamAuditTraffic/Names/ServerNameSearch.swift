/// What a look for a server name in a stream's first bytes found so far: the name, a reason to wait
/// for more bytes, or the certainty that no name will come (another protocol, or no name field).
public enum ServerNameSearch: Sendable, Hashable {
    /// The host name, lowercased, without port or trailing dot.
    case found(String)
    /// The bytes so far start like the protocol but end before the name.
    case needMoreBytes
    /// Not this protocol, malformed, or complete without a name.
    case absent

    /// The name, when found.
    public var name: String? {
        if case .found(let name) = self { return name }
        return nil
    }

    /// The bytes as a DNS host name (RFC 1035 §2.3.1 letters, digits and hyphens, plus the underscore
    /// some vendors use), lowercased and without a trailing dot; nil for anything else, including an
    /// IPv4 literal, which names nothing the address does not already say.
    static func validatedHostName(_ bytes: some Collection<UInt8>) -> String? {
        var text = Array(bytes)
        if text.last == UInt8(ascii: ".") { text.removeLast() }
        // RFC 1035 §3.1: 255 octets on the wire, so at most 253 in dotted form.
        guard !text.isEmpty, text.count <= 253 else { return nil }
        var labelLength = 0
        var allDigitsAndDots = true
        for byte in text {
            switch byte {
            case UInt8(ascii: "."):
                guard labelLength > 0 else { return nil }
                labelLength = 0
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                break
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "-"), UInt8(ascii: "_"):
                allDigitsAndDots = false
            default:
                return nil
            }
            labelLength += 1
            guard labelLength <= 63 else { return nil }
        }
        guard labelLength > 0, !allDigitsAndDots else { return nil }
        return String(decoding: text, as: UTF8.self).lowercased()
    }
}
