/// Renders raw banner bytes as text: printable ASCII kept, everything else as `\xNN` (lower-case hex).
public enum BannerText {
    public static func render(_ bytes: some Collection<UInt8>, limit: Int = 256) -> String {
        var text = ""
        for byte in bytes.prefix(limit) {
            if byte >= 0x20 && byte <= 0x7e {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return text
    }
}

/// Removes telnet option negotiation (IAC sequences) so the login banner text remains.
///
/// camaudit never answers the negotiation: it only listens.
public enum TelnetNegotiationStripper {
    static let iac: UInt8 = 255

    public static func strip(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == iac else {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { break }
            let command = bytes[index + 1]
            switch command {
            case iac:
                output.append(iac)  // an escaped 255 data byte
                index += 2
            case 251...254:  // WILL, WONT, DO, DONT + option
                index += 3
            case 250:  // SB ... IAC SE
                var end = index + 2
                while end + 1 < bytes.count, !(bytes[end] == iac && bytes[end + 1] == 240) { end += 1 }
                index = end + 2
            default:
                index += 2
            }
        }
        return output
    }

    /// True when the bytes open with telnet negotiation.
    public static func looksLikeTelnet(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == iac && (240...254).contains(bytes[1])
    }
}

/// Collects raw bytes up to a limit (the NULL probe: whatever the service says first).
public struct BannerCollector: IncrementalDecoder {
    public let limit: Int
    public private(set) var bytes: [UInt8] = []

    public init(limit: Int = 4096) { self.limit = max(1, limit) }

    public mutating func feed(_ input: ArraySlice<UInt8>) throws(MessageParseError) -> DecodeStep<[UInt8]> {
        bytes.append(contentsOf: input.prefix(limit - bytes.count))
        return bytes.count >= limit ? .complete(bytes) : .needMoreData
    }

    public mutating func finish() throws(MessageParseError) -> [UInt8] { bytes }
}
