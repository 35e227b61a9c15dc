import CamAuditCore
import Testing

@testable import CamAuditTraffic

@Suite("TLS ClientHello reassembly")
struct TLSReassemblyTests {
    typealias F = FrameBuilder

    /// A ClientHello as large as a post-quantum one (X25519MLKEM768's 1216-byte key share, RFC draft
    /// ietf-tls-ecdhe-mlkem), with the key share before the SNI so the name sits in the second segment.
    static func largeClientHello(serverName: String = "devices.hik-connect.com") -> [UInt8] {
        let name = Array(serverName.utf8)
        let keyShareEntry = F.be16(0x11EC) + F.be16(1216) + [UInt8](repeating: 0x5A, count: 1216)
        let keyShare = F.be16(51) + F.be16(keyShareEntry.count + 2) + F.be16(keyShareEntry.count) + keyShareEntry
        let sniBody = F.be16(name.count + 3) + [0] + F.be16(name.count) + name
        let extensions = keyShare + F.be16(0) + F.be16(sniBody.count) + sniBody
        var hello: [UInt8] = [0x03, 0x03] + [UInt8](repeating: 0xAB, count: 32) + [0]
        hello += F.be16(2) + [0x13, 0x01] + [1, 0] + F.be16(extensions.count) + extensions
        return [1, 0] + F.be16(hello.count) + hello
    }

    static func record(_ fragment: ArraySlice<UInt8>) -> [UInt8] { [22, 3, 1] + F.be16(fragment.count) + fragment }

    @Test func everyPrefixOfALargeHelloWaitsAndTheWholeOneNamesTheServer() {
        let stream = Self.record(Self.largeClientHello()[...])
        #expect(TLSClientHello.search(in: stream) == .found("devices.hik-connect.com"))
        for length in 0..<stream.count {
            #expect(TLSClientHello.search(in: Array(stream.prefix(length))) == .needMoreBytes, "length \(length)")
        }
    }

    @Test func aHelloSplitAcrossRecordsIsJoined() {
        let hello = Self.largeClientHello()
        let stream = Self.record(hello[..<700]) + Self.record(hello[700..<1000]) + Self.record(hello[1000...])
        #expect(TLSClientHello.search(in: stream) == .found("devices.hik-connect.com"))
        for length in 0..<stream.count {
            #expect(TLSClientHello.search(in: Array(stream.prefix(length))) == .needMoreBytes, "length \(length)")
        }
        // An alert record where the rest of the hello should be: no SNI will come.
        let interrupted = Self.record(hello[..<700]) + [21, 3, 3, 0, 2, 2, 40]
        #expect(TLSClientHello.search(in: interrupted) == .absent)
    }

    @Test func otherProtocolsAndMalformedHellosAreAbsent() {
        #expect(TLSClientHello.search(in: Array("SSH-2.0-dropbear\r\n".utf8)) == .absent)
        #expect(TLSClientHello.search(in: F.cs2Hello) == .absent)
        #expect(TLSClientHello.search(in: [22, 2]) == .absent)  // SSL 2 major version
        #expect(TLSClientHello.search(in: [22, 3, 1, 0, 4, 2, 0, 0, 0]) == .absent)  // ServerHello
        // A complete hello without SNI.
        var noName = F.clientHello(serverName: "x.example")
        noName.removeLast(4 + 2 + 3 + 9)
        #expect(TLSClientHello.search(in: noName) != .found("x.example"))
        // Session id length pointing past the message.
        var broken = F.clientHello(serverName: "x.example")
        broken[5 + 4 + 2 + 32] = 0xFF
        #expect(TLSClientHello.search(in: broken) == .absent)
        #expect(TLSClientHello.search(in: F.clientHello(serverName: "192.0.2.1")) == .absent)
        #expect(TLSClientHello.search(in: F.clientHello(serverName: "bad name.example")) == .absent)
    }

    @Test func reassemblyOrdersOverlapsAndBoundsSegments() {
        var stream = StreamReassembly(base: 1000, anchored: true)
        let ahead = stream.insert(Array("world".utf8), at: 1006)
        #expect(!ahead, "ahead of a gap")
        let filled = stream.insert(Array("hello ".utf8), at: 1000)
        #expect(filled)
        #expect(stream.bytes == Array("hello world".utf8))
        let again = stream.insert(Array("HELLO".utf8), at: 1000)
        #expect(!again, "a retransmission keeps the first copy")
        let old = stream.insert(Array("xx".utf8), at: 990)
        #expect(!old, "before the anchored start")
        let tail = stream.insert(Array("ld!!".utf8), at: 1009)
        #expect(tail, "an overlapping tail adds its new bytes")
        #expect(stream.bytes == Array("hello world!!".utf8))
        // Without a SYN, the true start may arrive after later bytes.
        var late = StreamReassembly(base: 5000, anchored: false)
        late.insert(Array("second".utf8), at: 5000)
        late.insert(Array("first-".utf8), at: 4994)
        #expect(late.bytes == Array("first-second".utf8))
        // Sequence numbers wrap.
        var wrapping = StreamReassembly(base: UInt32.max - 1, anchored: true)
        wrapping.insert(Array("cd".utf8), at: 0)
        wrapping.insert(Array("ab".utf8), at: UInt32.max - 1)
        #expect(wrapping.bytes == Array("abcd".utf8))
        // The window holds 16 KiB, no more.
        var full = StreamReassembly(base: 0, anchored: true)
        full.insert([UInt8](repeating: 1, count: 20_000), at: 0)
        #expect(full.bytes.count == StreamReassembly.capacity && full.isFull)
        let beyond = full.insert([2], at: UInt32(StreamReassembly.capacity + 5))
        #expect(!beyond)
        // Many pieces behind a gap are capped.
        var gappy = StreamReassembly(base: 0, anchored: true)
        for index in 1...100 { gappy.insert([UInt8(index)], at: UInt32(index * 2)) }
        gappy.insert([0, 0], at: 0)
        #expect(gappy.bytes.count <= 2 + 2 * StreamReassembly.maximumPendingSegments)
    }

    @Test func aCaptureWithTheHelloInThreeOutOfOrderSegmentsNamesTheFlow() throws {
        let stream = Self.record(Self.largeClientHello()[...])
        let isn: UInt32 = 0xFFFF_FF00  // wraps inside the hello
        var script = CaptureScript(serverPort: 443)
        script.tcpUp(flags: 0x02, sequence: isn)
        script.tcpDown(flags: 0x12, sequence: 77)
        script.tcpUp(flags: 0x10, sequence: isn &+ 1)
        let cuts = [0, 600, 1200, stream.count]
        script.tcpUp(sequence: isn &+ 1 &+ 600, Array(stream[600..<1200]))
        script.tcpUp(sequence: isn &+ 1, Array(stream[0..<700]))  // overlaps the next one
        script.tcpUp(sequence: isn &+ 1 &+ 1200, Array(stream[1200..<cuts[3]]))
        script.tcpDown(sequence: 78, [22, 3, 3, 0, 1, 2])
        let table = try script.table()
        let flow = try #require(table.flows.first)
        #expect(table.flows.count == 1)
        #expect(flow.serverName == "devices.hik-connect.com")
        #expect(flow.serverNameSource == .tlsSNI)
        #expect(flow.inspectionFinished && flow.inspection == nil, "the buffer is freed once the name is known")
    }

    @Test func aStreamThatNeverCompletesStopsAfterEightPackets() throws {
        let stream = Self.record(Self.largeClientHello()[...])
        var script = CaptureScript(serverPort: 443)
        // 20 one-byte segments of the hello's start: too few bytes, so the search gives up at 8.
        for index in 0..<20 { script.tcpUp(sequence: 1 + UInt32(index), [stream[index]]) }
        let flow = try #require(try script.table().flows.first)
        #expect(flow.serverName == nil && flow.inspectionFinished && flow.inspection == nil)
        #expect(flow.packetsUp == 20)
    }
}

extension TLSReassemblyTests {
    @Test func aFlowTheClientOnlyAcknowledgesStopsLooking() throws {
        var script = CaptureScript(serverPort: 443)
        script.tcpUp(flags: 0x02, sequence: 0)
        for index in 0..<70 {
            script.tcpDown(sequence: 1 + UInt32(index) * 100, [UInt8](repeating: 0x17, count: 100))
            if index % 10 == 0 { script.tcpUp(flags: 0x10, sequence: 1) }
        }
        let flow = try #require(try script.table().flows.first)
        #expect(flow.inspectionFinished && flow.inspection == nil && flow.serverName == nil)
    }
}
