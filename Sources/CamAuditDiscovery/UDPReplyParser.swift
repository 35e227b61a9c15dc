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
    static let maximumValueLength = 256

    /// Reads `datagram`, recognising the protocol by content (devices may answer from any port).
    public static func read(_ datagram: [UInt8]) -> Reading {
        guard !datagram.isEmpty else { return .malformed(nil, "empty datagram") }
        if datagram.count >= 8, datagram[0] == 0x20, datagram[1] == 0, datagram[2] == 0, datagram[3] == 0 {
            return readDHDiscover(datagram)
        }
        let text = String(decoding: datagram, as: UTF8.self)
        if text.hasPrefix("HTTP/1.") { return readSSDP(text) }
        if text.contains("ProbeMatches") || text.contains("soap-envelope") { return readWSDiscovery(text) }
        if text.contains("<ProbeMatch>") { return readSADP(text) }
        return .malformed(nil, "unrecognised datagram of \(datagram.count) bytes")
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
                  text[close...].hasPrefix("</") else { return nil }
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

    // MARK: - SADP (protocols.md §1.2)

    static func readSADP(_ text: String) -> Reading {
        guard text.contains("</ProbeMatch>") else { return .malformed(.sadp, "SADP reply is truncated (no </ProbeMatch>)") }
        let probe = UDPDiscoveryProtocol.sadp.probeName
        var observations: [Observation] = []
        func add(_ field: ObservedField, _ element: String) {
            if let value = Self.element(element, in: text).map(clean), !value.isEmpty {
                observations.append(Observation(field: field, value: value, port: UDPDiscoveryProtocol.sadp.port, probe: probe))
            }
        }
        add(.sadpDeviceDescription, "DeviceDescription")
        add(.sadpSoftwareVersion, "SoftwareVersion")
        add(.sadpSerial, "DeviceSN")
        add(.sadpMAC, "MAC")
        add(.sadpActivated, "Activated")
        guard !observations.isEmpty else { return .malformed(.sadp, "SADP reply carries no device fields") }
        if let mac = Self.element("MAC", in: text), let oui = oui(ofMAC: mac) {
            observations.append(Observation(field: .macOUI, value: oui, port: UDPDiscoveryProtocol.sadp.port, probe: probe))
        }
        return .reply(.sadp, observations, descriptionLocation: nil)
    }

    // MARK: - DHDiscover (§1.3)

    /// The 32-byte DHIP header: LE32 0x20, `DHIP`, 8 zero bytes, the LE64 payload length twice.
    static func dhipHeader(length: UInt64) -> [UInt8] {
        var header: [UInt8] = [0x20, 0, 0, 0] + Array("DHIP".utf8) + [UInt8](repeating: 0, count: 8)
        for _ in 0..<2 { for shift in stride(from: 0, to: 64, by: 8) { header.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) } }
        return header
    }

    static func readDHDiscover(_ datagram: [UInt8]) -> Reading {
        guard datagram.count >= 32 else { return .malformed(.dhDiscover, "DHIP header cut short (\(datagram.count) bytes)") }
        guard Array(datagram[4..<8]) == Array("DHIP".utf8) else { return .malformed(.dhDiscover, "wrong DHIP magic") }
        func le64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(datagram[at + $1]) << UInt64(8 * $1) } }
        let length = le64(16)
        guard length == le64(24) else { return .malformed(.dhDiscover, "DHIP length fields disagree") }
        guard length == UInt64(datagram.count - 32) else {
            return .malformed(.dhDiscover, "DHIP length \(length) does not match the \(datagram.count - 32) payload bytes")
        }
        // An Intelbras unit counts a trailing "\n\0" in the length (§1.3).
        var payload = datagram[32...]
        while payload.last == 0 { payload = payload.dropLast() }
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else {
            return .malformed(.dhDiscover, "DHDiscover payload is not a JSON object")
        }
        guard let params = object["params"] as? [String: Any], let info = params["deviceInfo"] as? [String: Any] else {
            return .malformed(.dhDiscover, "DHDiscover reply has no params.deviceInfo")
        }
        let port = UDPDiscoveryProtocol.dhDiscover.port
        let probe = UDPDiscoveryProtocol.dhDiscover.probeName
        var observations: [Observation] = []
        func add(_ field: ObservedField, _ value: Any?) {
            guard let value = value as? String else { return }
            let text = clean(value)
            if !text.isEmpty { observations.append(Observation(field: field, value: text, port: port, probe: probe)) }
        }
        add(.dhDiscoverDeviceType, info["DeviceType"])
        add(.dhDiscoverVendor, info["Vendor"])
        add(.dhDiscoverVersion, info["Version"])
        add(.dhDiscoverSerial, info["SerialNo"])
        let mac = (object["mac"] as? String) ?? (info["MAC"] as? String)
        add(.dhDiscoverMAC, mac)
        guard !observations.isEmpty else { return .malformed(.dhDiscover, "DHDiscover deviceInfo carries no device fields") }
        if let mac, let oui = oui(ofMAC: mac) { observations.append(Observation(field: .macOUI, value: oui, port: port, probe: probe)) }
        return .reply(.dhDiscover, observations, descriptionLocation: nil)
    }

    // MARK: - WS-Discovery (§1.1)

    static func readWSDiscovery(_ text: String) -> Reading {
        guard text.range(of: ":Envelope>", options: .backwards) != nil, text.contains("ProbeMatch") else {
            return .malformed(.wsDiscovery, "WS-Discovery reply is truncated or has no ProbeMatch")
        }
        let port = UDPDiscoveryProtocol.wsDiscovery.port
        let probe = UDPDiscoveryProtocol.wsDiscovery.probeName
        var observations: [Observation] = []
        let scopes = (element("Scopes", in: text) ?? "").split(whereSeparator: \.isWhitespace).prefix(64)
            .map { clean($0) }.filter { !$0.isEmpty }
        if !scopes.isEmpty {
            observations.append(Observation(field: .onvifScopes, value: scopes.joined(separator: " "), port: port, probe: probe))
        }
        if let xaddrs = element("XAddrs", in: text).map(clean), !xaddrs.isEmpty {
            observations.append(Observation(field: .wsDiscoveryXAddrs, value: xaddrs, port: port, probe: probe))
        }
        guard !observations.isEmpty else { return .malformed(.wsDiscovery, "WS-Discovery ProbeMatch has no Scopes or XAddrs") }
        let macPrefix = "onvif://www.onvif.org/mac/"
        if let macScope = scopes.first(where: { $0.lowercased().hasPrefix(macPrefix) }),
           let oui = oui(ofMAC: String(macScope.dropFirst(macPrefix.count)).removingPercentEncoding ?? "") {
            observations.append(Observation(field: .macOUI, value: oui, port: port, probe: probe))
        }
        return .reply(.wsDiscovery, observations, descriptionLocation: nil)
    }

    // MARK: - SSDP

    static func readSSDP(_ text: String) -> Reading {
        guard text.hasPrefix("HTTP/1.1 200") || text.hasPrefix("HTTP/1.0 200") else {
            return .malformed(.ssdp, "SSDP reply is not a 200 answer")
        }
        guard let end = text.range(of: "\r\n\r\n") else { return .malformed(.ssdp, "SSDP reply headers are not terminated") }
        var headers: [String: String] = [:]
        for line in text[..<end.lowerBound].split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).uppercased()
            let rawValue = line[line.index(after: colon)...]
            guard rawValue.count <= 1024 else { return .malformed(.ssdp, "SSDP \(name) header is \(rawValue.count) bytes long") }
            headers[name] = clean(rawValue)
        }
        let port = UDPDiscoveryProtocol.ssdp.port
        let probe = UDPDiscoveryProtocol.ssdp.probeName
        var observations: [Observation] = []
        if let server = headers["SERVER"], !server.isEmpty {
            observations.append(Observation(field: .ssdpServer, value: server, port: port, probe: probe))
        }
        let location = headers["LOCATION"].flatMap { $0.isEmpty ? nil : $0 }
        if let location { observations.append(Observation(field: .ssdpLocation, value: location, port: port, probe: probe)) }
        guard !observations.isEmpty else { return .malformed(.ssdp, "SSDP reply has neither SERVER nor LOCATION") }
        return .reply(.ssdp, observations, descriptionLocation: location)
    }

    // MARK: - UPnP device description

    /// Reads the fields of a UPnP device description document.
    public static func readDeviceDescription(_ text: String, port: UInt16?) -> [Observation] {
        var observations: [Observation] = []
        for (field, name) in [(ObservedField.upnpManufacturer, "manufacturer"), (.upnpModelName, "modelName"),
                              (.upnpModelNumber, "modelNumber"), (.upnpFriendlyName, "friendlyName")] {
            if let value = element(name, in: text).map(clean), !value.isEmpty {
                observations.append(Observation(field: field, value: value, port: port, probe: "UPnP description"))
            }
        }
        return observations
    }
}
