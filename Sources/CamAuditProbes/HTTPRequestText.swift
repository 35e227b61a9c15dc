import CamAuditCore

/// The bytes of one HTTP or RTSP request camaudit sends.
public struct HTTPRequestText: Sendable {
    public static let userAgent = "camaudit/\(CamAuditVersion.current)"

    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// `host:port` as it goes in a `Host` header or URL (IPv6 in brackets).
    public static func authority(_ host: IPAddress, _ port: UInt16) -> String {
        host.isIPv4 ? "\(host):\(port)" : "[\(host)]:\(port)"
    }

    public static func http(method: String, path: String, host: IPAddress, port: UInt16, contentType: String? = nil, body: String? = nil)
        -> HTTPRequestText
    {
        var text =
            "\(method) \(path) HTTP/1.1\r\nHost: \(authority(host, port))\r\nUser-Agent: \(userAgent)\r\nAccept: */*\r\nConnection: close\r\n"
        if let contentType { text += "Content-Type: \(contentType)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        return HTTPRequestText(bytes: Array(text.utf8))
    }

    public static func rtsp(method: String, path: String, cseq: Int, host: IPAddress, port: UInt16, accept: String? = nil)
        -> HTTPRequestText
    {
        var text = "\(method) rtsp://\(authority(host, port))\(path) RTSP/1.0\r\nCSeq: \(cseq)\r\nUser-Agent: \(userAgent)\r\n"
        if let accept { text += "Accept: \(accept)\r\n" }
        text += "\r\n"
        return HTTPRequestText(bytes: Array(text.utf8))
    }

    /// The path of a redirect target on the same host and port, or nil when it leaves them.
    public static func sameOriginPath(_ location: String, host: IPAddress, port: UInt16) -> String? {
        if location.hasPrefix("/") { return location.hasPrefix("//") ? nil : location }
        for scheme in ["http://", "https://"] where location.lowercased().hasPrefix(scheme) {
            let rest = location.dropFirst(scheme.count)
            let authorityPart = rest.prefix { $0 != "/" }
            let path = rest.dropFirst(authorityPart.count)
            let sameAuthority =
                authorityPart == authority(host, port)
                || (authorityPart == "\(host)" && ((scheme == "http://" && port == 80) || (scheme == "https://" && port == 443)))
            return sameAuthority ? (path.isEmpty ? "/" : String(path)) : nil
        }
        return nil
    }
}
