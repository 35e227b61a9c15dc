import Foundation

/// ONVIF scope URIs decoded into what they say about the device.
///
/// A scope looks like `onvif://www.onvif.org/<category>/<value>`; values are percent-encoded
/// (`name/HIKVISION%20DS-2CD2385G1-I`). Scopes from other authorities are kept in `all` only.
public struct ONVIFScopes: Sendable, Hashable {
    /// Every scope URI as sent.
    public var all: [String]

    public init(_ scopes: [String]) { all = scopes }

    /// The decoded values of every `onvif://www.onvif.org/<category>/...` scope, in order.
    ///
    /// Categories compare case-insensitively because firmware varies (`Profile`, `profile`, `MAC`, `mac`).
    public func values(of category: String) -> [String] {
        all.compactMap { scope in
            guard let (found, value) = Self.split(scope), found.caseInsensitiveCompare(category) == .orderedSame else {
                return nil
            }
            return value
        }
    }

    /// The model from `hardware/...`, e.g. `DS-2CD2385G1-I`.
    public var hardware: String? { values(of: "hardware").first }
    /// The friendly name from `name/...`, percent-decoded, e.g. `HIKVISION DS-2CD2385G1-I`.
    public var name: String? { values(of: "name").first }
    /// The MAC from `MAC/...`, lower-case with colons, e.g. `58:50:ed:1f:e3:85`.
    public var macAddress: String? { values(of: "MAC").first.map { $0.lowercased().replacingOccurrences(of: "-", with: ":") } }
    /// The location path from `location/...`, e.g. `city/hangzhou`.
    public var location: String? { values(of: "location").first }
    /// The `Profile/...` values, e.g. `["Streaming", "G", "T"]`.
    public var profiles: [String] { values(of: "Profile") }
    /// The `type/...` values, e.g. `["video_encoder"]`.
    public var types: [String] { values(of: "type") }

    private static let prefix = "onvif://www.onvif.org/"

    /// Splits a scope into its category and percent-decoded value.
    static func split(_ scope: String) -> (category: String, value: String)? {
        guard scope.lowercased().hasPrefix(prefix) else { return nil }
        let path = scope.dropFirst(prefix.count)
        guard let slash = path.firstIndex(of: "/") else { return nil }
        let category = String(path[..<slash])
        let raw = String(path[path.index(after: slash)...])
        // A malformed escape (a lone %) keeps the raw text rather than losing the value.
        return (category, raw.removingPercentEncoding ?? raw)
    }
}
