import CamAuditCore

/// An mDNS / DNS-SD message (RFC 1035 §4 wire format, RFC 6762): questions and the PTR, SRV, TXT and A records.
///
/// The parser is bounded: at most `maximumQuestions` questions and `maximumRecords` records, labels of
/// 63 bytes, names of 255, and compression pointers that never revisit a target and chain at most
/// `maximumPointerHops` deep. Anything else throws a `DiscoveryReplyError`.
public struct MDNSMessage: Sendable, Hashable {
    /// A domain name as its labels, e.g. `["AXIS M5014 - ACCC8E3C0419", "_axis-video", "_tcp", "local"]`.
    public struct Name: Sendable, Hashable, CustomStringConvertible {
        public var labels: [String]
        public init(labels: [String]) { self.labels = labels }
        /// The labels joined by dots (an instance label may itself contain dots).
        public var description: String { labels.joined(separator: ".") }
        /// Whether the names are equal ignoring ASCII case (RFC 1035 §2.3.3).
        func matches(_ other: Name) -> Bool {
            labels.count == other.labels.count && zip(labels, other.labels).allSatisfy { $0.lowercased() == $1.lowercased() }
        }
    }

    /// One entry of the question section.
    public struct Question: Sendable, Hashable {
        public var name: Name
        public var type: UInt16
        /// QCLASS without the QU bit.
        public var recordClass: UInt16
        /// Whether the QU bit asks for a unicast answer (RFC 6762 §5.4).
        public var unicastResponse: Bool
    }

    /// The data of a record, decoded for the types discovery reads.
    public enum RecordData: Sendable, Hashable {
        /// PTR (type 12): a service instance name.
        case pointer(Name)
        /// SRV (type 33, RFC 2782): where the instance is served.
        case service(priority: UInt16, weight: UInt16, port: UInt16, target: Name)
        /// TXT (type 16, RFC 6763 §6): the character strings, decoded as UTF-8.
        case text([String])
        /// A (type 1): an IPv4 address, dotted.
        case address(String)
        /// Any other type, kept by number only.
        case other(type: UInt16, length: Int)
    }

    /// One resource record of the answer, authority or additional section.
    public struct Record: Sendable, Hashable {
        public var name: Name
        public var type: UInt16
        /// CLASS without the cache-flush bit (RFC 6762 §10.2).
        public var recordClass: UInt16
        public var ttl: UInt32
        public var data: RecordData
    }

    public var id: UInt16
    public var flags: UInt16
    public var questions: [Question]
    /// Answer, authority and additional records, in wire order.
    public var records: [Record]

    /// Whether the QR bit marks this as a response.
    public var isResponse: Bool { flags & 0x8000 != 0 }

    static let maximumQuestions = 32
    static let maximumRecords = 256
    static let maximumPointerHops = 16
    static let maximumNameLength = 255
    static let maximumTextStrings = 64

    // MARK: - Parsing

    /// Reads a DNS message; every truncation or inconsistency throws.
    public static func parse(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> MDNSMessage {
        try DiscoveryDatagram.checkSize(bytes.count)
        guard bytes.count >= 12 else { throw .truncatedHeader(available: bytes.count, required: 12) }
        var reader = Reader(bytes: bytes, offset: 12)
        let id = reader.word(at: 0), flags = reader.word(at: 2)
        let questionCount = Int(reader.word(at: 4))
        let recordCount = Int(reader.word(at: 6)) + Int(reader.word(at: 8)) + Int(reader.word(at: 10))
        guard questionCount <= maximumQuestions else { throw .tooManyRecords(declared: questionCount, limit: maximumQuestions) }
        guard recordCount <= maximumRecords else { throw .tooManyRecords(declared: recordCount, limit: maximumRecords) }
        var questions: [Question] = []
        for _ in 0..<questionCount {
            let name = try reader.name()
            let type = try reader.readWord(), qclass = try reader.readWord()
            questions.append(Question(name: name, type: type, recordClass: qclass & 0x7FFF, unicastResponse: qclass & 0x8000 != 0))
        }
        var records: [Record] = []
        for _ in 0..<recordCount {
            records.append(try reader.record())
        }
        return MDNSMessage(id: id, flags: flags, questions: questions, records: records)
    }

    /// A cursor over the message with the bounds checks every read needs.
    struct Reader {
        let bytes: [UInt8]
        var offset: Int

        func word(at position: Int) -> UInt16 { UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1]) }

        mutating func readWord() throws(DiscoveryReplyError) -> UInt16 {
            guard offset + 2 <= bytes.count else { throw .truncatedBody(declared: offset + 2, available: bytes.count) }
            defer { offset += 2 }
            return word(at: offset)
        }

        mutating func readLong() throws(DiscoveryReplyError) -> UInt32 {
            let high = try readWord(), low = try readWord()
            return UInt32(high) << 16 | UInt32(low)
        }

        /// Reads a possibly compressed name at the cursor and moves past its in-place part.
        mutating func name() throws(DiscoveryReplyError) -> Name {
            let (name, end) = try Self.name(in: bytes, at: offset)
            offset = end
            return name
        }

        /// The name at `start` and the offset just after its in-place part (RFC 1035 §4.1.4).
        static func name(in bytes: [UInt8], at start: Int) throws(DiscoveryReplyError) -> (Name, Int) {
            var labels: [String] = []
            var position = start
            var end: Int?
            var visited = Set<Int>()
            var wireLength = 1  // the terminating zero
            while true {
                guard position < bytes.count else { throw .truncatedBody(declared: position + 1, available: bytes.count) }
                let length = Int(bytes[position])
                switch length & 0xC0 {
                case 0xC0:
                    guard position + 1 < bytes.count else { throw .truncatedBody(declared: position + 2, available: bytes.count) }
                    let target = (length & 0x3F) << 8 | Int(bytes[position + 1])
                    if end == nil { end = position + 2 }
                    guard visited.insert(target).inserted else { throw .compressionLoop(hops: visited.count) }
                    guard visited.count <= MDNSMessage.maximumPointerHops else { throw .compressionLoop(hops: visited.count) }
                    guard target < bytes.count else { throw .invalidDNSName("pointer to offset \(target) past the end") }
                    position = target
                case 0x00:
                    if length == 0 { return (Name(labels: labels), end ?? position + 1) }
                    guard position + 1 + length <= bytes.count else {
                        throw .truncatedBody(declared: position + 1 + length, available: bytes.count)
                    }
                    wireLength += length + 1
                    guard wireLength <= MDNSMessage.maximumNameLength else { throw .invalidDNSName("name longer than 255 bytes") }
                    labels.append(String(decoding: bytes[(position + 1)..<(position + 1 + length)], as: UTF8.self))
                    position += 1 + length
                default:
                    throw .invalidDNSName("reserved label type 0x\(String(length, radix: 16))")
                }
            }
        }

        mutating func record() throws(DiscoveryReplyError) -> Record {
            let name = try name()
            let type = try readWord(), rawClass = try readWord()
            let ttl = try readLong()
            let length = Int(try readWord())
            let dataStart = offset, dataEnd = offset + length
            guard dataEnd <= bytes.count else { throw .truncatedBody(declared: dataEnd, available: bytes.count) }
            let data: RecordData
            switch type {
            case 12:
                let (target, end) = try Self.name(in: bytes, at: dataStart)
                guard end == dataEnd else { throw .invalidRecord("PTR data is \(length) bytes but its name takes \(end - dataStart)") }
                data = .pointer(target)
            case 33:
                guard length >= 7 else { throw .invalidRecord("SRV data of \(length) bytes") }
                let (target, end) = try Self.name(in: bytes, at: dataStart + 6)
                guard end == dataEnd else { throw .invalidRecord("SRV data is \(length) bytes but its fields take \(end - dataStart)") }
                data = .service(
                    priority: word(at: dataStart), weight: word(at: dataStart + 2), port: word(at: dataStart + 4), target: target)
            case 16:
                var strings: [String] = []
                var position = dataStart
                while position < dataEnd {
                    let size = Int(bytes[position])
                    guard position + 1 + size <= dataEnd else { throw .invalidRecord("TXT string runs past its record") }
                    guard strings.count < MDNSMessage.maximumTextStrings else {
                        throw .invalidRecord("TXT record with over \(MDNSMessage.maximumTextStrings) strings")
                    }
                    if size > 0 { strings.append(String(decoding: bytes[(position + 1)..<(position + 1 + size)], as: UTF8.self)) }
                    position += 1 + size
                }
                data = .text(strings)
            case 1:
                guard length == 4 else { throw .invalidRecord("A record of \(length) bytes") }
                data = .address(bytes[dataStart..<dataEnd].map(String.init).joined(separator: "."))
            default:
                data = .other(type: type, length: length)
            }
            offset = dataEnd
            return Record(name: name, type: type, recordClass: rawClass & 0x7FFF, ttl: ttl, data: data)
        }
    }

    // MARK: - What a reply says

    /// Service types this reply answers for (`_axis-video._tcp.local`), from PTR and SRV owners.
    public var services: [String] {
        var seen = Set<String>(), result: [String] = []
        for record in records {
            let service: Name?
            switch record.data {
            case .pointer: service = Self.isServiceType(record.name) ? record.name : nil
            case .service: service = record.name.labels.count > 1 ? Name(labels: Array(record.name.labels.dropFirst())) : nil
            default: service = nil
            }
            if let service, Self.isServiceType(service), seen.insert(service.description.lowercased()).inserted {
                result.append(service.description)
            }
        }
        return result
    }

    /// Instance names (the first label of PTR targets and SRV owners), e.g. `AXIS M5014 - ACCC8E3C0419`.
    public var instances: [String] {
        var seen = Set<String>(), result: [String] = []
        for record in records {
            let instance: Name?
            switch record.data {
            case .pointer(let target) where Self.isServiceType(record.name): instance = target
            case .service: instance = record.name
            default: instance = nil
            }
            if let label = instance?.labels.first, let rest = instance.map({ Name(labels: Array($0.labels.dropFirst())) }),
                Self.isServiceType(rest), seen.insert(label).inserted
            {
                result.append(label)
            }
        }
        return result
    }

    /// Each TXT record's strings joined by `;`.
    public var textRecords: [String] {
        records.compactMap { record in
            guard case .text(let strings) = record.data, !strings.isEmpty else { return nil }
            return strings.joined(separator: ";")
        }
    }

    /// The value of the first TXT `macaddress=` key (case-insensitive, RFC 6763 §6.4), as sent.
    public var macAddress: String? {
        for record in records {
            guard case .text(let strings) = record.data else { continue }
            for string in strings {
                let parts = string.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, parts[0].lowercased() == "macaddress" { return String(parts[1]) }
            }
        }
        return nil
    }

    /// Where each announced instance is served: `<service type> <port>` from SRV records, e.g.
    /// `_axis-video._tcp.local 80`, so a scan can probe a port it did not sweep.
    public var servicePorts: [String] {
        var seen = Set<String>(), result: [String] = []
        for record in records {
            guard case .service(_, _, let port, _) = record.data, record.name.labels.count > 1 else { continue }
            let service = Name(labels: Array(record.name.labels.dropFirst()))
            guard Self.isServiceType(service) else { continue }
            let value = "\(service.description) \(port)"
            if seen.insert(value.lowercased()).inserted { result.append(value) }
        }
        return result
    }

    /// The reply as observations (values not yet cleaned; `UDPReplyParser` caps them).
    public func observations(port: UInt16, probe: String) -> [Observation] {
        services.map { Observation(field: .mdnsService, value: $0, port: port, probe: probe) }
            + instances.map { Observation(field: .mdnsInstance, value: $0, port: port, probe: probe) }
            + textRecords.map { Observation(field: .mdnsTXT, value: $0, port: port, probe: probe) }
            + servicePorts.map { Observation(field: .mdnsServicePort, value: $0, port: port, probe: probe) }
    }

    /// `_name._tcp.<domain>` or `_name._udp.<domain>` (RFC 6763 §7).
    static func isServiceType(_ name: Name) -> Bool {
        guard name.labels.count >= 3, name.labels[0].hasPrefix("_") else { return false }
        let proto = name.labels[1].lowercased()
        return proto == "_tcp" || proto == "_udp"
    }
}
