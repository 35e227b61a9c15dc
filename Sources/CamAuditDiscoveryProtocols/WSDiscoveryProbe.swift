import Foundation

/// An ONVIF WS-Discovery `Probe` (SOAP 1.2 over UDP 3702): builds one, and reads one back.
///
/// Reading back lets an emulated device answer the same bytes a real scanner sends.
public struct WSDiscoveryProbe: Sendable, Hashable {
    /// The `wsa:MessageID`, e.g. `uuid:0a6dc791-2be6-4a5e-9d4c-4ae0c3f1a7de`.
    public var messageID: String
    /// The requested types as written, e.g. `["dn:NetworkVideoTransmitter"]`; empty asks every device.
    public var types: [String]

    /// The type that restricts answers to cameras and encoders.
    public static let networkVideoTransmitter = "dn:NetworkVideoTransmitter"

    public init(messageID: String, types: [String]) {
        self.messageID = messageID
        self.types = types
    }

    /// The Probe datagram; pass `types: []` to ask every WS-Discovery device, not only cameras.
    public static func message(uuid: UUID, types: [String] = [networkVideoTransmitter]) -> [UInt8] {
        // Shape per nmap's wsdd.lua "general" probe (nmap/nmap@db4aefddfa34 nselib/wsdd.lua); the dn/tds prefixes are declared so
        // that a typed probe is valid XML for strict devices.
        let typesElement = types.isEmpty ? "" : "<d:Types>\(types.joined(separator: " "))</d:Types>"
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>\
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" \
            xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" \
            xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" \
            xmlns:dn="http://www.onvif.org/ver10/network/wsdl" \
            xmlns:tds="http://www.onvif.org/ver10/device/wsdl">\
            <s:Header>\
            <a:MessageID>uuid:\(uuid.uuidString.lowercased())</a:MessageID>\
            <a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>\
            <a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>\
            </s:Header>\
            <s:Body><d:Probe>\(typesElement)</d:Probe></s:Body>\
            </s:Envelope>
            """
        return Array(xml.utf8)
    }

    /// Reads a Probe datagram, whatever its namespace prefixes.
    public static func parse(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> WSDiscoveryProbe {
        try DiscoveryDatagram.checkSize(bytes.count)
        let tree = try XMLTree.parse(DiscoveryDatagram.text(bytes))
        guard let probe = tree.first("Probe") else { throw .missingElement("Probe") }
        let types = probe.childText("Types").map(WSDiscoveryReply.words) ?? []
        return WSDiscoveryProbe(messageID: tree.first("MessageID")?.text ?? "", types: types)
    }
}
