import CamAuditCore
@testable import CamAuditDiscoveryProtocols
import CamAuditTestSupport
import Testing

/// The mDNS query and the bounded DNS message parser, on a hand-built Axis answer and hostile variants.
struct MDNSMessageTests {
    static func label(_ text: String) -> [UInt8] { DiscoverySamples.label(text) }
    static func word(_ value: Int) -> [UInt8] { DiscoverySamples.word(value) }
    static let axisAnswer = DiscoverySamples.axisMDNSAnswer

    @Test func queryAsksPTRForEachServiceWithTheQUBit() throws {
        let message = try MDNSMessage.parse(MDNSQuery.message())
        #expect(message.id == 0)
        #expect(!message.isResponse)
        #expect(message.questions.map(\.name.description) == MDNSQuery.cameraServices)
        #expect(message.questions.allSatisfy { $0.type == 12 && $0.recordClass == 1 && $0.unicastResponse })
        #expect(message.records.isEmpty)
    }

    @Test func axisAnswerParsesWhole() throws {
        let message = try MDNSMessage.parse(Self.axisAnswer)
        #expect(message.isResponse)
        #expect(message.records.count == 4)
        #expect(message.services == ["_axis-video._tcp.local"])
        #expect(message.instances == ["AXIS M5014 - ACCC8E3C0419"])
        #expect(message.textRecords == ["macaddress=ACCC8E3C0419;path=/"])
        #expect(message.macAddress == "ACCC8E3C0419")
        #expect(message.servicePorts == ["_axis-video._tcp.local 80"], "the SRV record says where the instance is served")
        #expect(
            message.records.contains {
                $0.data == .service(priority: 0, weight: 0, port: 80, target: .init(labels: ["axis-accc8e3c0419", "local"]))
            })
        #expect(message.records.contains { $0.name.description == "axis-accc8e3c0419.local" && $0.data == .address("192.0.2.10") })
        #expect(message.records.first { $0.type == 16 }?.recordClass == 1, "the cache-flush bit is not part of the class")

        guard case .reply(.mdns, let observations, nil) = UDPReplyParser.read(Self.axisAnswer) else {
            Issue.record("the Axis answer did not read as an mDNS reply")
            return
        }
        func values(_ field: ObservedField) -> [String] { observations.filter { $0.field == field }.map(\.value) }
        #expect(values(.mdnsService) == ["_axis-video._tcp.local"])
        #expect(values(.mdnsInstance) == ["AXIS M5014 - ACCC8E3C0419"])
        #expect(values(.mdnsTXT) == ["macaddress=ACCC8E3C0419;path=/"])
        #expect(values(.mdnsServicePort) == ["_axis-video._tcp.local 80"])
        #expect(values(.macOUI) == ["ACCC8E"])
        #expect(observations.allSatisfy { $0.port == 5353 })
    }

    @Test func everyTruncationIsAnErrorNeverACrash() {
        for length in 0..<Self.axisAnswer.count {
            let prefix = Array(Self.axisAnswer.prefix(length))
            #expect(throws: DiscoveryReplyError.self, "truncated to \(length) bytes") { try MDNSMessage.parse(prefix) }
            guard case .malformed = UDPReplyParser.read(prefix) else {
                Issue.record("truncated to \(length) bytes read as a reply")
                continue
            }
        }
    }

    static let header = word(0) + word(0x8400) + word(0) + word(1) + word(0) + word(0)
    static let recordTail = word(12) + word(1) + word(0) + word(10) + word(2) + [0xC0, 12]

    @Test func compressionLoopsAreRefused() {
        // A name that points at itself, and two names pointing at each other.
        let selfLoop = Self.header + [0xC0, 12] + Self.recordTail
        #expect(throws: DiscoveryReplyError.compressionLoop(hops: 1)) { try MDNSMessage.parse(selfLoop) }
        let mutual = Self.header + [0xC0, 14, 0xC0, 12] + Self.recordTail
        #expect(throws: DiscoveryReplyError.compressionLoop(hops: 2)) { try MDNSMessage.parse(mutual) }
        #expect(throws: DiscoveryReplyError.compressionLoop(hops: 17)) { try MDNSMessage.parse(Self.pointerChain(length: 20)) }
        #expect((try? MDNSMessage.parse(Self.pointerChain(length: 10)))?.records.first?.data == .address("127.0.0.1"))
        guard case .malformed(.mdns, _) = UDPReplyParser.read(selfLoop) else {
            Issue.record("a compression loop read as a reply")
            return
        }
    }

    /// One A record whose owner name is `length` distinct pointers, each to the one before, ending at the root.
    static func pointerChain(length: Int) -> [UInt8] {
        // Owner at 12 (2 bytes), fixed fields (10), data (4); the chain starts at 28 with the root label.
        let last = 29 + 2 * (length - 1)
        var bytes = header + [0xC0, UInt8(last)] + word(1) + word(1) + word(0) + word(10) + word(4) + [127, 0, 0, 1]
        bytes.append(0)
        for index in 0..<length { bytes += [0xC0, UInt8(index == 0 ? 28 : 29 + 2 * (index - 1))] }
        return bytes
    }

    static let hostile: [(String, [UInt8], DiscoveryReplyError)] = [
        (
            "label over 63 bytes", header + [64] + [UInt8](repeating: 0x41, count: 64) + [0] + recordTail,
            .invalidDNSName("reserved label type 0x40")
        ),
        ("reserved label type", header + [0x80, 0] + recordTail, .invalidDNSName("reserved label type 0x80")),
        ("pointer past the end", header + [0xC0, 0xFF] + recordTail, .invalidDNSName("pointer to offset 255 past the end")),
        (
            "too many questions", word(0) + word(0x8400) + word(1000) + word(0) + word(0) + word(0),
            .tooManyRecords(declared: 1000, limit: 32)
        ),
        (
            "too many records", word(0) + word(0x8400) + word(0) + word(200) + word(100) + word(0),
            .tooManyRecords(declared: 300, limit: 256)
        ),
        (
            "A record of 5 bytes", header + [0] + word(1) + word(1) + word(0) + word(10) + word(5) + [1, 2, 3, 4, 5],
            .invalidRecord("A record of 5 bytes")
        ),
        (
            "SRV too short", header + [0] + word(33) + word(1) + word(0) + word(10) + word(3) + [0, 0, 0],
            .invalidRecord("SRV data of 3 bytes")
        ),
        (
            "TXT string past its record", header + [0] + word(16) + word(1) + word(0) + word(10) + word(3) + [9, 0x61, 0x62],
            .invalidRecord("TXT string runs past its record")
        ),
        (
            "PTR data longer than its name", header + [0] + word(12) + word(1) + word(0) + word(10) + word(3) + [0, 0, 0],
            .invalidRecord("PTR data is 3 bytes but its name takes 1")
        ),
    ]

    @Test(arguments: hostile.map(\.0))
    func hostileMessagesThrowTheRightError(name: String) throws {
        let sample = try #require(Self.hostile.first { $0.0 == name })
        #expect(throws: sample.2) { try MDNSMessage.parse(sample.1) }
    }

    @Test func nameOver255BytesIsRefused() {
        var name: [UInt8] = []
        for _ in 0..<5 { name += [60] + [UInt8](repeating: 0x61, count: 60) }
        let message = Self.header + name + [0] + Self.word(1) + Self.word(1) + Self.word(0) + Self.word(10) + Self.word(4) + [1, 2, 3, 4]
        #expect(throws: DiscoveryReplyError.invalidDNSName("name longer than 255 bytes")) { try MDNSMessage.parse(message) }
    }

    @Test func mutatedAnswersNeverCrash() {
        // Deterministic byte flips over the whole answer: each parse either succeeds or throws.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var parsed = 0, refused = 0
        for _ in 0..<3000 {
            var bytes = Self.axisAnswer
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes[Int(state >> 33) % bytes.count] = UInt8(truncatingIfNeeded: state >> 17)
            }
            if (try? MDNSMessage.parse(bytes)) != nil { parsed += 1 } else { refused += 1 }
            _ = UDPReplyParser.read(bytes)
        }
        #expect(parsed + refused == 3000)
        #expect(refused > 0)
    }
}
