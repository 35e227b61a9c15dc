import CLibpcap

/// Reads packets from a .pcap or .pcapng file through libpcap, one callback per record.
public final class CaptureReader {
    public let path: String
    public let linkType: LinkType
    /// libpcap's DLT value for the capture's link layer.
    public let dataLinkType: Int32
    /// The capture's snapshot length: frames longer than this were cut.
    public let snapshotLength: Int
    private let handle: OpaquePointer

    /// Opens a capture file; a missing, corrupt or unsupported file is a `CaptureError`.
    public init(path: String) throws(CaptureError) {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_open_offline(path, &errorBuffer) else {
            throw .cannotOpen(path: path, reason: Self.text(errorBuffer))
        }
        let dataLinkType = pcap_datalink(handle)
        guard let linkType = LinkType(dataLinkType: dataLinkType) else {
            let name = pcap_datalink_val_to_name(dataLinkType).map { String(cString: $0) } ?? "unknown"
            pcap_close(handle)
            throw .unsupportedLinkType(path: path, dataLinkType: dataLinkType, name: name)
        }
        self.path = path
        self.handle = handle
        self.linkType = linkType
        self.dataLinkType = dataLinkType
        snapshotLength = Int(pcap_snapshot(handle))
    }

    deinit { pcap_close(handle) }

    /// Calls `body` for every record in file order; stops with `.readFailed` at a damaged record.
    public func forEachPacket(_ body: (CapturedPacket) -> Void) throws(CaptureError) {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        var index = 0
        while true {
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
            case PCAP_ERROR_BREAK:  // -2: end of file
                return
            default:
                throw .readFailed(path: path, afterPackets: index, reason: String(cString: pcap_geterr(handle)))
            }
        }
    }

    private static func text(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let message = String(decoding: bytes, as: UTF8.self)
        return message.isEmpty ? "libpcap gave no reason" : message
    }
}
