/// The mDNS / DNS-SD question camaudit asks: PTR for the camera services, answerable by unicast.
///
/// A plain RFC 1035 query (id 0, no flags) with one PTR question per service. Each question sets the
/// QU bit (top bit of QCLASS, RFC 6762 §5.4) so a responder may answer by unicast; sent from a port
/// other than 5353 it is a "legacy unicast" query that RFC 6762 §6.7 answers straight to the sender.
public enum MDNSQuery {
    /// DNS-SD service types cameras announce (RFC 6763 §7; Axis types from julienblitte/UniversalScanner@fb7ae672dad9 doc/protocols.html).
    public static let cameraServices = [
        "_axis-video._tcp.local", "_axis-nvr._tcp.local", "_rtsp._tcp.local", "_http._tcp.local",
    ]

    /// The PTR record type (RFC 1035 §3.2.2).
    static let typePTR: UInt16 = 12
    /// Class IN with the QU ("unicast response requested") bit set (RFC 6762 §5.4).
    static let classINUnicastResponse: UInt16 = 0x8001

    /// The query datagram asking PTR for each of `services` (dotted names, e.g. `_rtsp._tcp.local`).
    public static func message(services: [String] = cameraServices) -> [UInt8] {
        let questions = services.prefix(Int(UInt16.max))
        var bytes: [UInt8] = [0, 0, 0, 0]  // id 0 (RFC 6762 §18.1), flags 0: a standard query.
        append(UInt16(questions.count), to: &bytes)
        bytes += [0, 0, 0, 0, 0, 0]  // no answers, authority or additional records
        for service in questions {
            bytes += encodedName(service)
            append(typePTR, to: &bytes)
            append(classINUnicastResponse, to: &bytes)
        }
        return bytes
    }

    /// A dotted name as uncompressed labels; labels over 63 bytes are cut, as the wire format demands.
    static func encodedName(_ name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for label in name.split(separator: ".") {
            let utf8 = Array(label.utf8.prefix(63))
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        bytes.append(0)
        return bytes
    }

    static func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }
}
