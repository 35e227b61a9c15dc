import CamAuditCore
import Foundation

/// Reads one discovery reply datagram into observations, or says why it cannot be trusted.
///
/// Pure and bounded: every value is capped, control characters are dropped, and anything truncated
/// or inconsistent (wrong DHIP magic, lengths that disagree, XML cut short) is `.malformed`.
public enum UDPReplyParser {
    /// What a datagram turned out to be.
    public enum Reading: Sendable, Equatable {
        /// A well-formed reply and what it says.
        case reply(UDPDiscoveryProtocol, [Observation], descriptionLocation: String?)
        /// Recognisably a discovery reply, but broken; the reason is for the notes.
        case malformed(UDPDiscoveryProtocol?, String)
    }

    /// The longest value kept from any field.
    static let maximumValueLength = 2048

    /// Reads `datagram`, recognising the protocol by content (devices may answer from any port).
    public static func read(_ datagram: [UInt8]) -> Reading {
        guard !datagram.isEmpty else { return .malformed(nil, "empty datagram") }
        guard datagram.count <= DiscoveryDatagram.maximumSize else { return .malformed(nil, "datagram of \(datagram.count) bytes refused") }
        if datagram.count >= 4, datagram[0] == 0x20, datagram[1] == 0, datagram[2] == 0, datagram[3] == 0 {
            return readDHDiscover(datagram)
        }
        // A DNS response: QR set and opcode 0 in byte 2, which no ASCII or UTF-8 BOM text start has.
        if datagram.count >= 12, datagram[2] & 0xF8 == 0x80 { return readMDNS(datagram) }
        let text = String(decoding: datagram.prefix(4096), as: UTF8.self)
        if text.hasPrefix("HTTP/1.") || text.hasPrefix("NOTIFY ") { return readSSDP(datagram) }
        if text.contains("ProbeMatches") || text.contains("soap-envelope") || text.contains("Envelope") { return readWSDiscovery(datagram) }
        if text.contains("<ProbeMatch>") { return readSADP(datagram) }
        return .malformed(nil, "unrecognised datagram of \(datagram.count) bytes")
    }

    /// Reads a datagram a device sent unasked, as a capture shows it: like `read`, and also an SSDP
    /// `NOTIFY` (a device announcing itself), which an active search never receives.
    public static func readAnnouncement(_ datagram: [UInt8]) -> Reading {
        if datagram.starts(with: Array("NOTIFY ".utf8)) {
            guard datagram.count <= DiscoveryDatagram.maximumSize else {
                return .malformed(.ssdp, "datagram of \(datagram.count) bytes refused")
            }
            return readSSDP(datagram, acceptNotify: true)
        }
        return read(datagram)
    }

    // MARK: - Shared

    /// Trims, drops control characters and caps the length.
    static func clean(_ value: some StringProtocol) -> String {
        let kept = value.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }
        var text = String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespaces)
        if text.count > maximumValueLength { text = String(text.prefix(maximumValueLength)) }
        return text
    }

    /// The first 6 hex digits of a MAC in any notation, upper case; nil unless it has exactly 12 digits.
    static func oui(ofMAC mac: String) -> String? {
        let digits = mac.filter(\.isHexDigit)
        guard digits.count == 12, mac.count <= 17 else { return nil }
        return String(digits.prefix(6)).uppercased()
    }

    /// The text of the first element with local name `name` (any namespace prefix); nil when absent or unclosed.
    static func element(_ name: String, in text: String) -> String? {
        var search = text.startIndex..<text.endIndex
        while let found = text.range(of: name, range: search) {
            search = found.upperBound..<text.endIndex
            guard found.lowerBound > text.startIndex else { continue }
            let before = text[text.index(before: found.lowerBound)]
            guard before == "<" || before == ":" else { continue }
            // Make sure this is an opening tag, not a closing one ("</x:Name").
            var tagStart = text.index(before: found.lowerBound)
            while tagStart > text.startIndex, text[tagStart] != "<" { tagStart = text.index(before: tagStart) }
            guard text[tagStart] == "<", text[text.index(after: tagStart)] != "/" else { continue }
            guard let tagEnd = text[found.upperBound...].firstIndex(of: ">") else { return nil }
            let between = text[found.upperBound..<tagEnd]
            guard between.isEmpty || between.first?.isWhitespace == true || between == "/" else { continue }
            if between.hasSuffix("/") { return "" }
            let contentStart = text.index(after: tagEnd)
            guard let close = text[contentStart...].firstIndex(of: "<"),
                text[close...].hasPrefix("</")
            else { return nil }
            return decodeEntities(String(text[contentStart..<close]))
        }
        return nil
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    // MARK: - Protocol readers (parsers in Protocols/, plus the limits and extra fields discovery needs)

    /// Observations with every value cleaned and capped; empty values dropped.
    static func cleaned(_ observations: [Observation]) -> [Observation] {
        observations.compactMap { observation in
            var copy = observation
            copy.value = clean(observation.value)
            return copy.value.isEmpty ? nil : copy
        }
    }

    static func withOUI(_ observations: [Observation], mac: String?, port: UInt16, probe: String) -> [Observation] {
        guard let mac, let oui = oui(ofMAC: mac) else { return observations }
        return observations + [Observation(field: .macOUI, value: oui, port: port, probe: probe)]
    }

    static func readSADP(_ datagram: [UInt8]) -> Reading {
        let port = UDPDiscoveryProtocol.sadp.port, probe = UDPDiscoveryProtocol.sadp.probeName
        let reply: SADPReply
        do { reply = try SADPReply.parse(datagram) } catch { return .malformed(.sadp, error.description) }
        let observations = cleaned(reply.observations(port: port, probe: probe))
        guard observations.contains(where: { $0.field != .sadpActivated }) else {
            return .malformed(.sadp, "SADP reply carries no device fields")
        }
        return .reply(.sadp, withOUI(observations, mac: reply.macAddress, port: port, probe: probe), descriptionLocation: nil)
    }

    static func readDHDiscover(_ datagram: [UInt8]) -> Reading {
        let port = UDPDiscoveryProtocol.dhDiscover.port, probe = UDPDiscoveryProtocol.dhDiscover.probeName
        let reply: DHDiscoverReply
        do { reply = try DHDiscoverReply.parse(datagram) } catch { return .malformed(.dhDiscover, error.description) }
        let observations = cleaned(reply.observations(port: port, probe: probe))
        guard !observations.isEmpty else { return .malformed(.dhDiscover, "DHDiscover deviceInfo carries no device fields") }
        return .reply(.dhDiscover, withOUI(observations, mac: reply.macAddress, port: port, probe: probe), descriptionLocation: nil)
    }

    static func readMDNS(_ datagram: [UInt8]) -> Reading {
        let port = UDPDiscoveryProtocol.mdns.port, probe = UDPDiscoveryProtocol.mdns.probeName
        let message: MDNSMessage
        do { message = try MDNSMessage.parse(datagram) } catch { return .malformed(.mdns, error.description) }
        let observations = cleaned(message.observations(port: port, probe: probe))
        guard observations.contains(where: { $0.field == .mdnsService || $0.field == .mdnsInstance }) else {
            return .malformed(.mdns, "mDNS reply names no service or instance")
        }
        return .reply(.mdns, withOUI(observations, mac: message.macAddress, port: port, probe: probe), descriptionLocation: nil)
    }

    static func readWSDiscovery(_ datagram: [UInt8]) -> Reading {
        let port = UDPDiscoveryProtocol.wsDiscovery.port, probe = UDPDiscoveryProtocol.wsDiscovery.probeName
        let reply: WSDiscoveryReply
        do { reply = try WSDiscoveryReply.parse(datagram) } catch { return .malformed(.wsDiscovery, error.description) }
        guard reply.scopes.count <= 64 else { return .malformed(.wsDiscovery, "WS-Discovery reply lists \(reply.scopes.count) scopes") }
        let observations = cleaned(reply.observations(port: port, probe: probe))
        guard !observations.isEmpty else { return .malformed(.wsDiscovery, "WS-Discovery ProbeMatch has no Scopes or XAddrs") }
        return .reply(
            .wsDiscovery, withOUI(observations, mac: reply.decodedScopes.macAddress?.removingPercentEncoding, port: port, probe: probe),
            descriptionLocation: nil)
    }

    static func readSSDP(_ datagram: [UInt8], acceptNotify: Bool = false) -> Reading {
        let port = UDPDiscoveryProtocol.ssdp.port, probe = UDPDiscoveryProtocol.ssdp.probeName
        // Stricter than the parser: a search answer must end its header block and keep headers short.
        let text = String(decoding: datagram, as: UTF8.self)
        guard text.contains("\r\n\r\n") || text.contains("\n\n") else {
            return .malformed(.ssdp, "SSDP reply headers are not terminated")
        }
        let response: SSDPResponse
        do { response = try SSDPResponse.parse(datagram) } catch { return .malformed(.ssdp, error.description) }
        guard response.kind == .searchResponse || (acceptNotify && response.kind == .notify) else {
            return .malformed(.ssdp, "SSDP datagram is not a search answer")
        }
        if let long = response.message.headers.first(where: { $0.value.count > 1024 }) {
            return .malformed(.ssdp, "SSDP \(long.name) header is \(long.value.count) bytes long")
        }
        let observations = cleaned(response.observations(port: port, probe: probe))
        guard observations.contains(where: { $0.field == .ssdpServer || $0.field == .ssdpLocation }) else {
            return .malformed(.ssdp, "SSDP reply has neither SERVER nor LOCATION")
        }
        return .reply(.ssdp, observations, descriptionLocation: response.location.map { clean($0) })
    }

    // MARK: - UPnP device description

    /// Reads the fields of a UPnP device description document.
    public static func readDeviceDescription(_ text: String, port: UInt16?) -> [Observation] {
        var observations: [Observation] = []
        for (field, name) in [
            (ObservedField.upnpManufacturer, "manufacturer"), (.upnpModelName, "modelName"),
            (.upnpModelNumber, "modelNumber"), (.upnpFriendlyName, "friendlyName"),
        ] {
            if let value = element(name, in: text).map(clean), !value.isEmpty {
                observations.append(Observation(field: field, value: value, port: port, probe: "UPnP description"))
            }
        }
        return observations
    }
}
