import CamAuditCatalog
import CamAuditCore
import CamAuditProbes
import Foundation

/// Fills the placeholders of a probe request and builds its bytes.
///
/// `{random}` is fresh letters and digits, `{bypassToken:<user>}` is base64url(`<user>:` + random) without
/// padding (the CVE-2017-7921 token; any password works: rapid7/metasploit-framework@068f7671d617
/// modules/auxiliary/gather/hikvision_info_disclosure_cve_2017_7921.rb get_info), `{session}` a JSON value.
struct ProbeRequestRenderer: Sendable {
    var session: String?

    /// The request with every placeholder filled.
    func render(_ request: VulnerabilityProbe.Request) -> VulnerabilityProbe.Request {
        var filled = request
        filled.path = fill(request.path)
        filled.body = request.body.map(fill)
        return filled
    }

    /// The request line as evidence shows it: tokens described, not spelled out, so reports stay stable.
    static func display(_ request: VulnerabilityProbe.Request) -> String {
        var path = request.path.replacingOccurrences(of: "{random}", with: "<random>")
        while let range = path.range(of: #"\{bypassToken:[^{}"\s]*\}"#, options: .regularExpression) {
            let user = path[range].dropFirst("{bypassToken:".count).dropLast()
            path.replaceSubrange(range, with: "<base64url(\"\(user):\"+random)>")
        }
        return "\(request.method) \(path)"
    }

    /// Bytes of `request` (already rendered) for `host:port`.
    static func bytes(_ request: VulnerabilityProbe.Request, host: IPAddress, port: UInt16) -> [UInt8] {
        HTTPRequestText.http(
            method: request.method, path: request.path, host: host, port: port,
            contentType: request.contentType, body: request.body
        ).bytes
    }

    private func fill(_ text: String) -> String {
        var result = text
        if let session { result = result.replacingOccurrences(of: "{session}", with: session) }
        while let range = result.range(of: "{random}") { result.replaceSubrange(range, with: Self.randomText()) }
        while let range = result.range(of: #"\{bypassToken:[^{}"\s]*\}"#, options: .regularExpression) {
            let user = result[range].dropFirst("{bypassToken:".count).dropLast()
            result.replaceSubrange(range, with: Self.base64URL(Array("\(user):\(Self.randomText())".utf8)))
        }
        return result
    }

    static func randomText(length: Int = 12) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement() ?? "a" })
    }

    /// RFC 4648 §5 alphabet, padding removed.
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
