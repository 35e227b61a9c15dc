import CamAuditCore
import CamAuditProbes
import Foundation

/// A plain-HTTP URL on a literal IP address, as UPnP uses for descriptions and control points.
///
/// Hostnames are refused on purpose: resolving one would send a DNS query and could point anywhere.
public struct UPnPLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: IPAddress
    public var port: UInt16
    /// The path with its query, always starting with `/`.
    public var path: String

    public init(host: IPAddress, port: UInt16, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    /// Reads `http://host[:port]/path`; throws when it is not plain HTTP on an IP literal or the path could break a request line.
    public init(parsing text: String) throws(InternetExposureError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("http://") else { throw .notHTTP(Self.clipped(trimmed)) }
        let rest = trimmed.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        var path = String(rest.dropFirst(authority.count))
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        guard !authority.contains("@") else { throw .hostNotAnAddress(Self.clipped(String(authority))) }
        let hostText: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .hostNotAnAddress(Self.clipped(String(authority))) }
            hostText = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw .hostNotAnAddress(Self.clipped(String(authority)))
            }
        } else {
            let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw .hostNotAnAddress(Self.clipped(String(authority))) }
            hostText = parts[0]
            if parts.count == 2 { portText = parts[1] }
        }
        guard let host = IPAddress(hostText) else { throw .hostNotAnAddress(Self.clipped(String(hostText))) }
        var port: UInt16 = 80
        if let portText {
            guard let parsed = UInt16(portText), parsed > 0 else { throw .badPort(Self.clipped(String(portText))) }
            port = parsed
        }
        guard Self.isSafeRequestTarget(path) else { throw .badPath(Self.clipped(path)) }
        self.init(host: host, port: port, path: path)
    }

    /// Parses a `URL` given on the command line (`--router`).
    public init(url: URL) throws(InternetExposureError) {
        try self.init(parsing: url.absoluteString)
    }

    public var description: String { "http://\(HTTPRequestText.authority(host, port))\(path)" }

    /// Resolves a URL found in a description (`controlURL`, `URLBase`): absolute, host-relative or path-relative.
    /// An absolute URL naming another host keeps only its port and path, on this location's host: a
    /// description cannot aim our requests at a third party, and a router that names an address of
    /// another interface (or the one it had before) is still read where it answered.
    public func resolving(_ reference: String) throws(InternetExposureError) -> UPnPLocation {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .badPath("(empty)") }
        if trimmed.lowercased().hasPrefix("http://") || trimmed.lowercased().hasPrefix("https://") {
            let resolved = try UPnPLocation(parsing: trimmed)
            return UPnPLocation(host: host, port: resolved.port, path: resolved.path)
        }
        let path: String
        if trimmed.hasPrefix("/") {
            guard !trimmed.hasPrefix("//") else { throw .badPath(Self.clipped(trimmed)) }
            path = trimmed
        } else {
            // Relative to the directory of this location's path, as a browser would resolve it.
            let withoutQuery = self.path.prefix { $0 != "?" }
            let directory = withoutQuery.lastIndex(of: "/").map { String(withoutQuery[...$0]) } ?? "/"
            path = directory + trimmed
        }
        guard Self.isSafeRequestTarget(path) else { throw .badPath(Self.clipped(path)) }
        return UPnPLocation(host: host, port: port, path: path)
    }

    /// Printable ASCII without spaces: nothing that could end a request line or inject a header.
    static func isSafeRequestTarget(_ path: String) -> Bool {
        path.hasPrefix("/") && path.utf8.count <= 1024 && path.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f }
    }

    /// Device- or user-supplied text made safe to print: control characters replaced, at most 120 characters.
    static func clipped(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })
        return cleaned.count > 120 ? String(cleaned.prefix(120)) + "..." : cleaned
    }
}
