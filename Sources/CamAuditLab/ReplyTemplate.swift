import CamAuditCore
import Foundation

/// Fills `{placeholders}` in profile strings and renders a reply to bytes.
struct ReplyTemplate {
    /// Values for this one reply; `nonce:<style>` names are handled by `issueNonce`.
    var values: [String: String]
    /// Issues a fresh nonce of a style (`hikvision`, `hex32`, `axis`) and remembers it.
    var issueNonce: (String) -> String

    /// Replaces known `{name}` tokens; braces that are not a known token stay as they are (JSON bodies).
    func fill(_ text: String) -> String {
        guard text.contains("{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
            let name = String(rest[afterOpen..<close])
            if name.hasPrefix("nonce:") {
                out += issueNonce(String(name.dropFirst("nonce:".count)))
                rest = rest[rest.index(after: close)...]
            } else if let value = values[name] ?? labValue(name) {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return out
    }

    /// `{labPeer:+N}`: this device's IPv4 address plus N (a neighbour in the lab); `{labPort:P}`: port P as the lab
    /// binds it (plus the unprivileged offset below 1024). They use the `address` and `labPortOffset` values `Lab.start` sets.
    private func labValue(_ name: String) -> String? {
        if name.hasPrefix("labPeer:"), let step = Int64(name.dropFirst("labPeer:".count)),
            let own = values["address"].flatMap({ IPAddress($0) }), case .v4(let value) = own
        {
            let peer = Int64(value) + step
            guard (0...Int64(UInt32.max)).contains(peer) else { return nil }
            return IPAddress.v4(UInt32(peer)).description
        }
        if name.hasPrefix("labPort:"), let port = Int(name.dropFirst("labPort:".count)), (1...65535).contains(port) {
            let offset = Int(values["labPortOffset"] ?? "0") ?? 0
            return String(port < 1024 ? port + offset : port)
        }
        return nil
    }

    /// The wire bytes of a reply; `{length}` is the body's byte count and `{challenge}` expands to one line per challenge.
    func render(_ reply: DeviceProfile.Reply, defaultVersion: String, challenges: [String]) -> [UInt8] {
        let body = reply.bodyBase64.flatMap { Data(base64Encoded: $0) }.map { Array($0) } ?? Array(fill(reply.body ?? "").utf8)
        var head = "\(reply.version ?? defaultVersion) \(reply.status) \(reply.reason)\r\n"
        for pair in reply.headers where pair.count == 2 {
            if pair[1] == "{challenge}" {
                for challenge in challenges { head += "\(pair[0]): \(fill(challenge))\r\n" }
                continue
            }
            var value = pair[1].replacingOccurrences(of: "{length}", with: String(body.count))
            value = fill(value)
            // A header written as "Date:" + "{rtspDate}" keeps the profile's exact spacing after the colon.
            head += pair[0].hasSuffix(":") ? "\(pair[0])\(value)\r\n" : "\(pair[0]): \(value)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
