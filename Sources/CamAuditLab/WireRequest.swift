import Foundation

/// One HTTP or RTSP request as it arrived: request line, headers in order, body.
struct WireRequest: Sendable, Equatable {
    var method: String
    /// The request target as sent, path and query.
    var target: String
    /// `HTTP/1.0`, `HTTP/1.1`, `RTSP/1.0`, or whatever the client wrote.
    var version: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    static func == (lhs: WireRequest, rhs: WireRequest) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.version == rhs.version
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
            && lhs.body == rhs.body
    }

    var isRTSP: Bool { version.uppercased().hasPrefix("RTSP") }
    var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }

    /// The path without `rtsp://host:port` (RTSP requests carry an absolute URL), `/` when empty.
    var resourcePath: String {
        let lower = path.lowercased()
        guard lower.hasPrefix("rtsp://") || lower.hasPrefix("rtsps://") || lower.hasPrefix("http://") else { return path }
        let afterScheme = path[path.index(path.firstIndex(of: ":")!, offsetBy: 3)...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...])
    }
    var query: String? {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    /// The first header with this name, compared case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The value of one `name=value` query parameter, undecoded.
    func queryParameter(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name { return String(parts[1]) }
        }
        return nil
    }

    /// Parses the head (request line and headers, without the blank line); nil when it is not a request.
    static func parseHead(_ text: String) -> WireRequest? {
        // "\r\n" is one Character in Swift, so normalise line ends before splitting.
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3 else { return nil }
        var headers: [(String, String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        return WireRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), version: String(requestLine[2]),
            headers: headers.map { (name: $0.0, value: $0.1) }, body: [])
    }
}
