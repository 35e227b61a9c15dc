import CLibpcap
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads packets through libpcap, one callback per record: from a .pcap or .pcapng file, or live from an interface.
public final class CaptureReader {
    /// The BPF filter for live captures: IPv4 and IPv6, also inside one 802.1Q tag (pcap-filter(7), "vlan").
    public static let defaultLiveFilter = "ip or ip6 or (vlan and (ip or ip6))"

    /// The capture file's path, or the interface name for a live capture.
    public let path: String
    /// True when reading from a network interface rather than a file.
    public let isLive: Bool
    /// libpcap's warning from activating a live capture (e.g. an unsupported time stamp type), if any.
    public let activationWarning: String?
    public let linkType: LinkType
    /// libpcap's DLT value for the capture's link layer.
    public let dataLinkType: Int32
    /// The capture's snapshot length: frames longer than this were cut.
    public let snapshotLength: Int
    /// The libpcap handle, closed in deinit.
    private let handle: OpaquePointer
    /// Set by `CaptureStopper`; checked between reads so a stop needs no packet to arrive.
    let stopRequested = Atomic<Bool>(false)
    /// Where the record that could not be read starts in the file (bytes from the start), after a `.readFailed`;
    /// nil before one, and for live captures.
    public private(set) var damagedRecordOffset: Int?
    /// The stdio buffer a capture file is read through (see `openOffline`); nil for live captures and standard input.
    private let fileBuffer: UnsafeMutableRawPointer?
    /// How long one wait for live packets may last before the deadline and stop flag are checked again.
    private let readTimeoutMilliseconds: Int32

    /// Opens a capture file; a missing, corrupt or unsupported file is a `CaptureError`.
    public init(path: String) throws(CaptureError) {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let (handle, fileBuffer) = Self.openOffline(path, &errorBuffer) else {
            throw .cannotOpen(path: path, reason: Self.text(errorBuffer))
        }
        let dataLinkType = pcap_datalink(handle)
        guard let linkType = LinkType(dataLinkType: dataLinkType) else {
            let name = pcap_datalink_val_to_name(dataLinkType).map { String(cString: $0) } ?? "unknown"
            pcap_close(handle)
            fileBuffer?.deallocate()
            throw .unsupportedLinkType(path: path, dataLinkType: dataLinkType, name: name)
        }
        self.fileBuffer = fileBuffer
        self.path = path
        isLive = false
        activationWarning = nil
        readTimeoutMilliseconds = 0
        self.handle = handle
        self.linkType = linkType
        self.dataLinkType = dataLinkType
        snapshotLength = Int(pcap_snapshot(handle))
    }

    /// Captures live on `liveInterface` (needs root or CAP_NET_RAW), not promiscuous: the host's own
    /// traffic plus broadcast and multicast, or everything when the switch mirrors a port to it.
    /// `timeoutMilliseconds` bounds how long one read waits, so `forEachPacket(until:)` notices its deadline.
    public init(
        liveInterface: String, snapshotLength: Int = 65_535, filter: String = CaptureReader.defaultLiveFilter,
        timeoutMilliseconds: Int = 200
    ) throws(CaptureError) {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(liveInterface, &errorBuffer) else {
            throw .cannotOpenInterface(interface: liveInterface, reason: Self.text(errorBuffer))
        }
        // pcap_create + pcap_activate (pcap(3PCAP), "Opening a capture handle for reading"): options must be
        // set before activation. Their return values only report "already activated", which cannot happen here.
        _ = pcap_set_snaplen(handle, Int32(clamping: max(64, snapshotLength)))
        _ = pcap_set_promisc(handle, 0)
        // A zero timeout would mean "wait forever" on some platforms; keep at least 1 ms.
        _ = pcap_set_timeout(handle, Int32(clamping: max(1, timeoutMilliseconds)))
        // Deliver each packet as it arrives instead of waiting for a full buffer (pcap_set_immediate_mode(3PCAP)).
        _ = pcap_set_immediate_mode(handle, 1)
        let status = pcap_activate(handle)
        if status < 0 {
            // pcap_activate(3PCAP): for these codes pcap_geterr holds the detail; otherwise the status text is all there is.
            let detail = Self.failureText(handle, status: status)
            pcap_close(handle)
            switch status {
            case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED:
                throw .permissionDenied(interface: liveInterface, reason: detail)
            case PCAP_ERROR_NO_SUCH_DEVICE:
                throw .noSuchInterface(interface: liveInterface, reason: detail)
            default:
                throw .cannotOpenInterface(interface: liveInterface, reason: detail)
            }
        }
        activationWarning = status > 0 ? Self.failureText(handle, status: status) : nil
        let dataLinkType = pcap_datalink(handle)
        guard let linkType = LinkType(dataLinkType: dataLinkType) else {
            let name = pcap_datalink_val_to_name(dataLinkType).map { String(cString: $0) } ?? "unknown"
            pcap_close(handle)
            throw .unsupportedLinkType(path: liveInterface, dataLinkType: dataLinkType, name: name)
        }
        var program = bpf_program()
        // The netmask only matters for "ip broadcast" filters; PCAP_NETMASK_UNKNOWN makes those fail clearly.
        guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            let reason = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw .invalidFilter(filter: filter, reason: reason)
        }
        let installed = pcap_setfilter(handle, &program)
        pcap_freecode(&program)
        guard installed == 0 else {
            let reason = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw .invalidFilter(filter: filter, reason: reason)
        }
        // Linux TPACKET_V3 retries its own poll after a read timeout, so a blocking pcap_next_ex can wait
        // for ever on a quiet interface (seen here on libpcap 1.10). Read non-blocking and poll ourselves.
        guard pcap_setnonblock(handle, 1, &errorBuffer) == 0, pcap_get_selectable_fd(handle) >= 0 else {
            let reason = Self.text(errorBuffer)
            pcap_close(handle)
            throw .cannotOpenInterface(interface: liveInterface, reason: "cannot read it without blocking (\(reason))")
        }
        path = liveInterface
        fileBuffer = nil
        isLive = true
        readTimeoutMilliseconds = Int32(clamping: max(1, timeoutMilliseconds))
        self.handle = handle
        self.linkType = linkType
        self.dataLinkType = dataLinkType
        self.snapshotLength = Int(pcap_snapshot(handle))
    }

    deinit {
        pcap_close(handle)  // closes the file too
        fileBuffer?.deallocate()
    }

    /// stdio's buffer for a capture file: 1 MiB, so a file costs one read(2) a megabyte instead of one per 4 KiB.
    static let fileBufferSize = 1 << 20

    /// Opens a capture file as `pcap_open_offline` does (fopen, then `pcap_fopen_offline`), with a larger
    /// stdio buffer and stdio's per-call locking off (one thread at a time reads the file). Standard input
    /// ("-") and a file fopen refuses are left to `pcap_open_offline` itself, so its error text is unchanged.
    private static func openOffline(_ path: String, _ errorBuffer: inout [CChar]) -> (OpaquePointer, UnsafeMutableRawPointer?)? {
        if path != "-", let file = fopen(path, "rb") {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: fileBufferSize, alignment: 64)
            // setvbuf must come before the first read; a refusal only leaves stdio's own buffer in place.
            _ = setvbuf(file, buffer.assumingMemoryBound(to: CChar.self), _IOFBF, fileBufferSize)
            _ = __fsetlocking(file, Int32(FSETLOCKING_BYCALLER))
            // A seek makes stdio track the file position itself, so `ftello` before each record (for a damaged
            // record's offset) is arithmetic instead of an lseek(2); on a pipe it fails and changes nothing.
            _ = fseeko(file, 0, SEEK_SET)
            if let handle = pcap_fopen_offline(file, &errorBuffer) { return (handle, buffer) }
            // pcap_fopen_offline leaves a file it refused open.
            fclose(file)
            buffer.deallocate()
            return nil
        }
        return pcap_open_offline(path, &errorBuffer).map { ($0, nil) }
    }

    /// Calls `body` for every record in file order; stops with `.readFailed` at a damaged record.
    /// On a live capture it reads until a `CaptureStopper` stops it. A file is read by libpcap on a
    /// second thread, a few batches ahead of `body` (which runs on this thread), see `forEachPacketReadingAhead`.
    public func forEachPacket(_ body: (CapturedPacket) -> Void) throws(CaptureError) {
        if isLive {
            try forEachPacket(until: nil, body)
        } else {
            try forEachPacketReadingAhead(body)
        }
    }

    /// A file's records in order, each as libpcap's buffer (valid only during the call), its captured and
    /// original lengths and its timestamp; stops at the end, when `body` answers false, or with `.readFailed`.
    /// The stop flag is left to the caller of `forEachPacketReadingAhead`, which checks it between packets.
    func readRecords(
        _ body: (_ bytes: UnsafePointer<UInt8>, _ length: Int, _ originalLength: Int, _ timestamp: Double) -> Bool
    ) throws(CaptureError) {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        var index = 0
        let file = pcap_file(handle)
        while true {
            // libpcap reads a file through stdio: the position before a read is where the next record starts.
            let recordOffset = file.map { Int(ftello($0)) }
            switch pcap_next_ex(handle, &header, &data) {
            case 1:
                guard let header, let data else { continue }
                let record = header.pointee
                let more = body(
                    data, Int(record.caplen), Int(record.len),
                    Double(record.ts.tv_sec) + Double(record.ts.tv_usec) / 1_000_000)
                index += 1
                if !more { return }
            case 0:  // only live captures have nothing buffered
                continue
            case PCAP_ERROR_BREAK:  // -2: end of file
                return
            default:
                damagedRecordOffset = recordOffset.flatMap { $0 >= 0 ? $0 : nil }
                throw .readFailed(path: path, afterPackets: index, reason: String(cString: pcap_geterr(handle)))
            }
        }
    }

    /// Reads until `deadline` passes (checked at least every read timeout, even when no packet arrives),
    /// the file ends, or a `CaptureStopper` stops it.
    public func forEachPacket(until deadline: ContinuousClock.Instant?, _ body: (CapturedPacket) -> Void) throws(CaptureError) {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        var index = 0
        while true {
            if stopRequested.load(ordering: .relaxed) {
                stopRequested.store(false, ordering: .relaxed)
                return
            }
            if let deadline, ContinuousClock.now >= deadline { return }
            // libpcap reads a file through stdio: the position before a read is where the next record starts.
            let recordOffset = isLive ? nil : pcap_file(handle).map { Int(ftello($0)) }
            let status = pcap_next_ex(handle, &header, &data)
            switch status {
            case 1:
                guard let header, let data else { continue }
                let record = header.pointee
                let captured = Int(record.caplen)
                let packet = CapturedPacket(
                    index: index,
                    timestamp: Double(record.ts.tv_sec) + Double(record.ts.tv_usec) / 1_000_000,
                    capturedLength: captured, originalLength: Int(record.len),
                    bytes: UnsafeRawBufferPointer(start: data, count: captured))
                body(packet)
                index += 1
            case 0:  // live capture: nothing buffered; wait for the descriptor, at most one read timeout
                waitForPackets(until: deadline)
            case PCAP_ERROR_BREAK:  // -2: end of file
                return
            default:
                damagedRecordOffset = recordOffset.flatMap { $0 >= 0 ? $0 : nil }
                throw .readFailed(path: path, afterPackets: index, reason: String(cString: pcap_geterr(handle)))
            }
        }
    }

    /// Blocks until the capture descriptor is readable, the read timeout passes, or the deadline comes.
    private func waitForPackets(until deadline: ContinuousClock.Instant?) {
        var wait = readTimeoutMilliseconds
        if let deadline {
            let remaining = ContinuousClock.now.duration(to: deadline).components
            let milliseconds = remaining.seconds * 1000 + remaining.attoseconds / 1_000_000_000_000_000 + 1
            wait = Int32(clamping: max(0, min(Int64(wait), milliseconds)))
        }
        var descriptor = pollfd(fd: pcap_get_selectable_fd(handle), events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, wait)  // EINTR or an error just means "read again"
    }

    /// libpcap's packet counters for a live capture (pcap_stats(3PCAP)); nil for files, which have none.
    public func statistics() -> CaptureStatistics? {
        guard isLive else { return nil }
        var counters = pcap_stat()
        guard pcap_stats(handle, &counters) == 0 else { return nil }
        return CaptureStatistics(
            received: Int(counters.ps_recv), droppedByKernel: Int(counters.ps_drop), droppedByInterface: Int(counters.ps_ifdrop))
    }

    /// A handle another thread can use to end `forEachPacket` early (e.g. on Ctrl-C).
    public func makeStopper() -> CaptureStopper { CaptureStopper(reader: self) }

    private static func failureText(_ handle: OpaquePointer, status: Int32) -> String {
        let detail = String(cString: pcap_geterr(handle))
        let summary = pcap_statustostr(status).map { String(cString: $0) } ?? "libpcap status \(status)"
        return detail.isEmpty ? summary : detail
    }

    private static func text(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let message = String(decoding: bytes, as: UTF8.self)
        return message.isEmpty ? "libpcap gave no reason" : message
    }
}
