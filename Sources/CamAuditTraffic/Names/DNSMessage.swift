import CamAuditCore

/// The parts of a DNS message that map addresses to names: the questions and the A, AAAA and
/// CNAME answers. Name compression is followed with a jump limit, so pointer loops end in an error.
public struct DNSMessage: Sendable, Hashable {
    /// One answer record the traffic report uses.
    public enum Answer: Sendable, Hashable {
        case address(name: String, address: IPAddress, ttl: UInt32)
        case alias(name: String, canonicalName: String, ttl: UInt32)
    }

    public var id: UInt16
    public var isResponse: Bool
    /// The response code (0 no error, 3 name error).
    public var responseCode: UInt8
    public var questions: [String]
    /// A, AAAA and CNAME answers in message order; other record types are skipped.
    public var answers: [Answer]

    /// Names are at most 255 bytes; compression pointers beyond this many jumps mean a loop.
    static let maximumPointerJumps = 32
    /// Caps on records parsed from one message, so a hostile count field costs bounded time.
    static let maximumRecords = 256

    /// Parses a DNS message from a UDP payload (for TCP, strip the two-byte length first).
    public init(parsing bytes: UnsafeRawBufferPointer) throws(DNSParseError) {
        let reader = FrameReader(bytes: bytes)
        guard let id = reader.u16(at: 0), let flags = reader.u16(at: 2), let questionCount = reader.u16(at: 4),
            let answerCount = reader.u16(at: 6)
        else { throw .truncated }
        self.id = id
        isResponse = flags & 0x8000 != 0
        responseCode = UInt8(flags & 0x000F)
        questions = []
        answers = []
        var cursor = 12
        for _ in 0..<min(Int(questionCount), Self.maximumRecords) {
            let (name, end) = try Self.readName(reader, at: cursor)
            guard end + 4 <= reader.count else { throw .truncated }
            questions.append(name)
            cursor = end + 4
        }
        for _ in 0..<min(Int(answerCount), Self.maximumRecords) {
            let (name, end) = try Self.readName(reader, at: cursor)
            guard let type = reader.u16(at: end), let ttl = reader.u32(at: end + 4), let length = reader.u16(at: end + 8)
            else { throw .truncated }
            let dataStart = end + 10
            let dataEnd = dataStart + Int(length)
            guard dataEnd <= reader.count else { throw .truncated }
            switch type {
            case 1:
                guard length == 4, let value = reader.u32(at: dataStart) else { throw .badRecord(type: type) }
                answers.append(.address(name: name, address: .v4(value), ttl: ttl))
            case 28:
                guard length == 16, let high = reader.u64(at: dataStart), let low = reader.u64(at: dataStart + 8)
                else { throw .badRecord(type: type) }
                answers.append(.address(name: name, address: .v6(high: high, low: low), ttl: ttl))
            case 5:
                let (target, _) = try Self.readName(reader, at: dataStart)
                answers.append(.alias(name: name, canonicalName: target, ttl: ttl))
            default:
                break
            }
            cursor = dataEnd
        }
    }

    /// Parses a DNS message held in an array.
    public init(parsing bytes: [UInt8]) throws(DNSParseError) {
        let result: Result<DNSMessage, DNSParseError> = bytes.withUnsafeBytes { buffer in
            do throws(DNSParseError) { return .success(try DNSMessage(parsing: buffer)) } catch { return .failure(error) }
        }
        self = try result.get()
    }

    /// Reads a possibly compressed name; returns it (lowercased, no trailing dot) and the offset just
    /// after it in the original position.
    static func readName(_ reader: FrameReader, at start: Int) throws(DNSParseError) -> (String, Int) {
        var labels: [String] = []
        var cursor = start
        var resumeAt: Int?
        var jumps = 0
        var nameLength = 0
        while true {
            guard let length = reader.u8(at: cursor) else { throw .truncated }
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    return (labels.joined(separator: "."), resumeAt ?? cursor + 1)
                }
                let labelEnd = cursor + 1 + Int(length)
                guard labelEnd <= reader.count else { throw .truncated }
                nameLength += Int(length) + 1
                guard nameLength <= 255 else { throw .nameTooLong }
                let label = UnsafeRawBufferPointer(rebasing: reader.bytes[(cursor + 1)..<labelEnd])
                labels.append(String(decoding: label, as: UTF8.self).lowercased())
                cursor = labelEnd
            case 0xC0:
                guard let low = reader.u8(at: cursor + 1) else { throw .truncated }
                jumps += 1
                guard jumps <= Self.maximumPointerJumps else { throw .compressionLoop }
                if resumeAt == nil { resumeAt = cursor + 2 }
                cursor = Int(length & 0x3F) << 8 | Int(low)
            default:
                // 0x40 and 0x80 are the obsolete extended-label types; no resolver emits them.
                throw .badLabel
            }
        }
    }
}

/// Why a payload is not a DNS message the analyser can read.
public enum DNSParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message ends before a header, name or record it announces.
    case truncated
    /// Compression pointers jump more times than any real name needs: a loop.
    case compressionLoop
    /// A name longer than the 255 bytes DNS allows.
    case nameTooLong
    /// A label type other than a plain label or a compression pointer.
    case badLabel
    /// An A or AAAA record whose data length does not fit its type.
    case badRecord(type: UInt16)

    public var description: String {
        switch self {
        case .truncated: return "The DNS message ends before the records it announces."
        case .compressionLoop: return "The DNS message's name compression pointers form a loop."
        case .nameTooLong: return "A DNS name in the message is longer than 255 bytes."
        case .badLabel: return "A DNS name in the message uses an unknown label type."
        case .badRecord(let type): return "A DNS answer of type \(type) has a data length that does not fit its type."
        }
    }
}
