/// One HTTP or RTSP response as a device sent it: header names keep their original case and order.
public struct HTTPResponse: Sendable, Hashable {
    /// One header line, name exactly as sent.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `HTTP/1.1`, `HTTP/1.0` or `RTSP/1.0`.
    public var version: String
    public var status: Int
    /// The reason phrase; empty when the device sent none.
    public var reason: String
    public var headers: [Header]
    public var body: [UInt8]
    /// True when the body was cut at the size limit or the connection ended early.
    public var isBodyTruncated: Bool

    public init(version: String, status: Int, reason: String, headers: [Header], body: [UInt8], isBodyTruncated: Bool = false) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.isBodyTruncated = isBodyTruncated
    }

    public var isRTSP: Bool { version.uppercased().hasPrefix("RTSP/") }

    /// All values of a header, matched case-insensitively, in the order sent.
    public func values(of name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The first value of a header, matched case-insensitively.
    public func value(of name: String) -> String? { values(of: name).first }
}
