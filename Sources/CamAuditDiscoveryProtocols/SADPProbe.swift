import Foundation

/// A Hikvision SADP inquiry (UDP 37020): builds one, and reads one back.
public struct SADPProbe: Sendable, Hashable {
    /// The `Uuid` the reply echoes back, as sent.
    public var uuid: String
    /// The request type; scanners send `inquiry`.
    public var type: String

    public init(uuid: String, type: String = "inquiry") {
        self.uuid = uuid
        self.type = type
    }

    /// The inquiry datagram, in the exact shape UniversalScanner sends
    /// (julienblitte/UniversalScanner@fb7ae672dad9 UniversalScanner/Hikvision.cs).
    public static func message(uuid: UUID) -> [UInt8] {
        let xml =
            #"<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>"#
            + uuid.uuidString.uppercased()
            + "</Uuid><Types>inquiry</Types></Probe>"
        return Array(xml.utf8)
    }

    /// Reads an inquiry datagram.
    public static func parse(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> SADPProbe {
        try DiscoveryDatagram.checkSize(bytes.count)
        let tree = try XMLTree.parse(DiscoveryDatagram.text(bytes))
        guard let probe = tree.first("Probe") else { throw .missingElement("Probe") }
        guard let uuid = probe.childText("Uuid") else { throw .missingElement("Uuid") }
        return SADPProbe(uuid: uuid, type: probe.childText("Types") ?? "")
    }
}
