import CamAuditCore

/// Folds decoded packets into flows, and DNS answers into an address-to-name map. Memory is bounded
/// by `maximumFlows` and `maximumNames`, never by the capture's size: once full, packets of new
/// flows are only counted in `untrackedPackets`/`untrackedBytes`.
public struct FlowTable: Sendable {
    public let maximumFlows: Int
    public let maximumNames: Int
    /// Flows in the order they were first seen.
    public private(set) var flows: [Flow] = []
    /// Address to the name a DNS (or mDNS) answer gave it: the question asked, so a CDN alias maps
    /// back to the vendor name the device looked up.
    public private(set) var names: [IPAddress: String] = [:]
    public private(set) var skipped: [PacketSkipReason: Int] = [:]
    public private(set) var packets = 0
    public private(set) var untrackedPackets = 0
    public private(set) var untrackedBytes = 0
    /// What hosts announced about themselves (discovery, DHCP), for attribution without a scan.
    public private(set) var announcements = CaptureAnnouncements()
    /// DNS payloads on port 53/5353 (UDP datagrams, TCP messages) that did not parse.
    public private(set) var malformedDNS = 0
    private var index = FlowIndex()
    /// The flow of the last packet that had one: a stream's next packet (either way) skips the index.
    private var recentFlow: RecentFlow?
    /// Flows whose first bytes are still being read for a name (each holds up to two 16 KiB buffers).
    public private(set) var inspectingFlows = 0
    /// New flows that got no name search because `maximumInspectingFlows` were already searching.
    public private(set) var uninspectedFlows = 0
    /// At most this many flows search at once: 1,024 x 2 x 16 KiB bounds the buffers to 32 MiB.
    public let maximumInspectingFlows: Int

    public init(maximumFlows: Int = 1_000_000, maximumNames: Int = 100_000, maximumInspectingFlows: Int = 1024) {
        self.maximumFlows = maximumFlows
        self.maximumNames = maximumNames
        self.maximumInspectingFlows = maximumInspectingFlows
    }

    /// Decodes one captured frame and adds it, or counts why it was skipped.
    public mutating func add(frame: UnsafeRawBufferPointer, timestamp: Double, decoder: PacketDecoder) {
        switch decoder.decode(frame) {
        case .success(let packet): add(packet, frame: frame, timestamp: timestamp)
        case .failure(let reason): recordSkip(reason)
        }
    }

    /// Counts a packet that produced no flow.
    public mutating func recordSkip(_ reason: PacketSkipReason) {
        packets += 1
        skipped[reason, default: 0] += 1
    }

    /// Adds a decoded packet; `frame` is the captured bytes its payload range points into.
    public mutating func add(_ packet: DecodedPacket, frame: UnsafeRawBufferPointer, timestamp: Double) {
        packets += 1
        let payload = UnsafeRawBufferPointer(rebasing: frame[packet.payload.clamped(to: 0..<frame.count)])
        if packet.transport == .udp {
            if Self.isDNSPort(packet.sourcePort) || Self.isDNSPort(packet.destinationPort) { learnNames(fromDNS: payload) }
            if CaptureAnnouncements.isCandidate(sourcePort: packet.sourcePort, destinationPort: packet.destinationPort) {
                announcements.inspect(
                    source: packet.source, sourcePort: packet.sourcePort, destinationPort: packet.destinationPort, payload: payload)
            }
        }
        let position: Int
        let fromClient: Bool
        if let recent = recentFlow?.match(packet) {
            (position, fromClient) = recent
        } else if let existing = index.find(
            FlowKey(
                transport: packet.transport, client: packet.source, clientPort: packet.sourcePort,
                server: packet.destination, serverPort: packet.destinationPort), in: flows)
        {
            position = existing.position
            fromClient = existing.fromClient
            recentFlow = RecentFlow(packet, position: position, fromClient: fromClient)
        } else {
            guard flows.count < maximumFlows else {
                untrackedPackets += 1
                untrackedBytes += packet.ipLength
                return
            }
            fromClient = Self.sourceIsClient(packet)
            let forward = FlowKey(
                transport: packet.transport, client: packet.source, clientPort: packet.sourcePort,
                server: packet.destination, serverPort: packet.destinationPort)
            let key = fromClient ? forward : forward.reversed
            position = flows.count
            flows.append(Flow(key: key, firstSeen: timestamp))
            index.insert(position: position, in: flows)
            // What `find` answers for this tuple from now on (a tuple that is its own reverse is always forward).
            recentFlow = RecentFlow(packet, position: position, fromClient: key == forward)
        }
        // A finished flow costs one test; one still searching for a name is counted, so a capture of
        // many half-sent ClientHellos cannot hold more than `maximumInspectingFlows` reassembly buffers.
        let searching = !flows[position].inspectionFinished
        let wasReading = searching && flows[position].inspection != nil
        if searching, !wasReading, inspectingFlows >= maximumInspectingFlows {
            flows[position].inspectionState = .finished
            uninspectedFlows += 1
        }
        // DNS over TCP: the flow hands back each answer its reassembly completed.
        for message in flows[position].absorb(packet, payload: payload, fromClient: fromClient, timestamp: timestamp) {
            message.withUnsafeBytes { learnNames(fromDNS: $0) }
        }
        if searching {
            let isReading = flows[position].inspection != nil
            if isReading != wasReading { inspectingFlows += isReading ? 1 : -1 }
        }
    }

    /// DNS and mDNS (UDP 53, 5353): a switch, since this runs on every UDP packet.
    @inline(__always)
    static func isDNSPort(_ port: UInt16) -> Bool { port == 53 || port == 5353 }

    /// The name DNS gave an address in this capture, if any.
    public func name(for address: IPAddress) -> String? { names[address] }

    /// Who opened the conversation: SYN says so; otherwise a well-known source port answering a
    /// high port marks the source as the server (the capture started mid-flow); else the sender.
    static func sourceIsClient(_ packet: DecodedPacket) -> Bool {
        if packet.transport == .tcp, packet.tcpFlags & 0x02 != 0 { return packet.tcpFlags & 0x10 == 0 }
        return !(packet.sourcePort < 1024 && packet.destinationPort >= 1024)
    }

    private mutating func learnNames(fromDNS payload: UnsafeRawBufferPointer) {
        guard let message = try? DNSMessage(parsing: payload) else {
            malformedDNS += 1
            return
        }
        guard message.isResponse else { return }
        for case .address(let name, let address, _) in message.answers {
            guard names[address] != nil || names.count < maximumNames else { continue }
            names[address] = message.questions.first ?? name
        }
    }
}

/// A packet's 5-tuple as it came, with the flow `FlowIndex.find` gave it. The next packet with the same
/// tuple gets the same answer, and one with the tuple reversed the same flow the other way, which is
/// what `find` would answer: flows are only ever appended, so a position keeps its key.
struct RecentFlow {
    var source: IPAddress
    var destination: IPAddress
    var sourcePort: UInt16
    var destinationPort: UInt16
    var transport: TransportProtocol
    var position: Int
    var fromClient: Bool

    init(_ packet: DecodedPacket, position: Int, fromClient: Bool) {
        source = packet.source
        destination = packet.destination
        sourcePort = packet.sourcePort
        destinationPort = packet.destinationPort
        transport = packet.transport
        self.position = position
        self.fromClient = fromClient
    }

    /// The flow and direction of `packet` when it belongs to this flow; nil otherwise.
    @inline(__always)
    func match(_ packet: DecodedPacket) -> (position: Int, fromClient: Bool)? {
        guard packet.transport == transport else { return nil }
        // Same way first: for a tuple that is its own reverse, `find` answers the forward match too.
        if packet.sourcePort == sourcePort, packet.destinationPort == destinationPort, packet.source == source,
            packet.destination == destination
        {
            return (position, fromClient)
        }
        if packet.sourcePort == destinationPort, packet.destinationPort == sourcePort, packet.source == destination,
            packet.destination == source
        {
            return (position, !fromClient)
        }
        return nil
    }
}
