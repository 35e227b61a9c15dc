/// The parts of an SDP session description (RFC 8866) that say whether an RTSP stream carries real media.
public struct SDPDescription: Sendable, Hashable {
    /// One `m=` section.
    public struct Media: Sendable, Hashable {
        /// `video`, `audio`, `application`, ...
        public var kind: String
        public var port: Int
        /// `RTP/AVP`, `RTP/AVPF`, ...
        public var transport: String
        public var payloadTypes: [Int]
        /// Encoding per payload type from `a=rtpmap` (`H264/90000`), or the RFC 3551 static name.
        public var codecs: [Int: String]
        /// `a=control` of this section, when present.
        public var control: String?
        /// Picture size when the SDP states it (`a=framesize`, `a=x-dimensions`, `a=cliprect`).
        public var width: Int?
        public var height: Int?

        /// Video or audio with at least one payload type whose codec is known: something a player can show.
        public var isPlayable: Bool {
            (kind == "video" || kind == "audio") && payloadTypes.contains { codecs[$0] != nil }
        }

        /// The first payload type with a known codec.
        public var primaryPayloadType: Int? { payloadTypes.first { codecs[$0] != nil } }
    }

    /// Session-level `a=control`, when present.
    public var control: String?
    public var media: [Media]

    /// The sections a player could show.
    public var playableMedia: [Media] { media.filter(\.isPlayable) }

    /// Static RTP payload types (RFC 3551 table 4 and 5) that need no `a=rtpmap`.
    static let staticPayloadTypes: [Int: String] = [
        0: "PCMU/8000", 8: "PCMA/8000", 14: "MPA/90000", 26: "JPEG/90000", 32: "MPV/90000", 33: "MP2T/90000",
    ]

    /// Descriptions larger than this are not camera SDPs; parsing stops there.
    static let maximumBytes = 64 * 1024

    /// Parses an SDP body; nil when it is not SDP (it must start with `v=0`).
    public static func parse(_ bytes: [UInt8]) -> SDPDescription? {
        let text = String(decoding: bytes.prefix(maximumBytes), as: UTF8.self)
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "v=0" else { return nil }
        var description = SDPDescription(control: nil, media: [])
        for rawLine in lines.dropFirst() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard line.count >= 2, line.dropFirst().first == "=" else { continue }
            let value = String(line.dropFirst(2))
            switch line.first {
            case "m":
                if let media = parseMediaLine(value) {
                    description.media.append(media)
                } else {
                    description.media.append(Media(kind: "invalid", port: 0, transport: "", payloadTypes: [], codecs: [:]))
                }
            case "a":
                description.applyAttribute(value)
            default:
                continue
            }
        }
        return description
    }

    /// `video 0 RTP/AVP 96 97`.
    private static func parseMediaLine(_ value: String) -> Media? {
        let fields = value.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 4, let port = Int(fields[1].split(separator: "/").first ?? ""), (0...65535).contains(port) else { return nil }
        let payloadTypes = fields.dropFirst(3).compactMap { Int($0) }.filter { (0...127).contains($0) }
        var codecs: [Int: String] = [:]
        for type in payloadTypes { if let name = staticPayloadTypes[type] { codecs[type] = name } }
        return Media(
            kind: String(fields[0]).lowercased(), port: port, transport: String(fields[2]), payloadTypes: payloadTypes, codecs: codecs)
    }

    private mutating func applyAttribute(_ value: String) {
        let name = value.prefix { $0 != ":" }.lowercased()
        let argument = value.contains(":") ? String(value.drop { $0 != ":" }.dropFirst()) : ""
        guard !media.isEmpty else {
            if name == "control" { control = argument }
            return
        }
        let index = media.count - 1
        switch name {
        case "control":
            media[index].control = argument
        case "rtpmap":
            // `96 H264/90000`
            let parts = argument.split(separator: " ", maxSplits: 1)
            if parts.count == 2, let type = Int(parts[0]), media[index].payloadTypes.contains(type), !parts[1].isEmpty {
                media[index].codecs[type] = String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        case "framesize":
            // `96 1920-1080`
            let size = argument.split(separator: " ").last.map { $0.split(separator: "-") } ?? []
            setSize(index, size.first, size.dropFirst().first)
        case "x-dimensions":
            // `1920,1080`
            let size = argument.split(separator: ",")
            setSize(index, size.first, size.dropFirst().first)
        case "cliprect":
            // `0,0,1080,1920` is top, left, bottom, right
            let edges = argument.split(separator: ",")
            if edges.count == 4 { setSize(index, edges[3], edges[2]) }
        default:
            break
        }
    }

    private mutating func setSize(_ index: Int, _ width: Substring?, _ height: Substring?) {
        guard let width = width.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            let height = height.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            (1...65535).contains(width), (1...65535).contains(height)
        else { return }
        media[index].width = width
        media[index].height = height
    }
}
