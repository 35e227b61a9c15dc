import CamAuditCore

/// An SSDP search answer (`HTTP/1.1 200 OK`) or `NOTIFY` announcement.
public struct SSDPResponse: Sendable, Hashable {
    /// Whether this answered a search or was announced unasked.
    public enum Kind: Sendable, Hashable {
        case searchResponse
        case notify
    }

    public var kind: Kind
    public var server: String?
    public var location: String?
    /// `ST` on an answer, `NT` on a NOTIFY.
    public var searchTarget: String?
    public var usn: String?
    /// The whole head, for headers this type does not name.
    public var message: SSDPMessage

    /// Reads an answer or NOTIFY datagram.
    public static func parse(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> SSDPResponse {
        let head = try SSDPMessage.parse(bytes)
        let upper = head.startLine.uppercased()
        let kind: Kind
        if upper.hasPrefix("HTTP/1.") && upper.split(separator: " ").dropFirst().first == "200" {
            kind = .searchResponse
        } else if upper.hasPrefix("NOTIFY ") {
            kind = .notify
        } else {
            throw .badStartLine(head.startLine)
        }
        return SSDPResponse(
            kind: kind, server: head["SERVER"], location: head["LOCATION"],
            searchTarget: head[kind == .notify ? "NT" : "ST"], usn: head["USN"], message: head)
    }

    /// What a scan records.
    public func observations(port: UInt16? = 1900, probe: String = "SSDP M-SEARCH") -> [Observation] {
        let pairs: [(ObservedField, String?)] = [
            (.ssdpServer, server), (.ssdpLocation, location), (.ssdpST, searchTarget), (.ssdpUSN, usn),
        ]
        return pairs.compactMap { field, value in
            guard let value, !value.isEmpty else { return nil }
            return Observation(field: field, value: value, port: port, probe: probe)
        }
    }
}
