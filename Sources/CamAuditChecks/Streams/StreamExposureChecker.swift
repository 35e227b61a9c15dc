import CamAuditCatalog
import CamAuditCore
import CamAuditProbes
import Foundation
import NIOCore

/// Finds video anyone can watch (the Insecam case): RTSP streams, JPEG snapshots and MJPEG streams served without a login.
///
/// Every request is a read (RTSP DESCRIBE, HTTP GET); nothing is changed on the device. A path counts as open only
/// when the answer is a 200 without a challenge that carries real media, and a path that cannot exist is refused.
public struct StreamExposureChecker: Sendable {
    public let catalog: StreamPathCatalog
    let group: any EventLoopGroup
    let wire: WireClient

    /// RTSP routes tried per RTSP port (vendor routes first, then generic ones), not counting the guard.
    public static let maximumRTSPRoutesPerPort = 8
    /// Snapshot and MJPEG paths tried per HTTP(S) port, not counting the guard.
    public static let maximumHTTPPathsPerPort = 6

    public init(catalog: StreamPathCatalog, eventLoopGroup: any EventLoopGroup) {
        self.catalog = catalog
        self.group = eventLoopGroup
        self.wire = WireClient(eventLoopGroup: eventLoopGroup, maxHeaderBytes: 32 * 1024, maxBodyBytes: 256 * 1024)
    }

    /// Checks every RTSP and HTTP(S) port of a camera-like target; decoys and unknown devices get no request.
    public func check(_ target: CheckTarget, options: CheckOptions) async -> CheckOutcome {
        guard target.identity.deviceType.isVideoDevice || target.identity.manufacturer != nil else { return CheckOutcome() }
        var outcome = CheckOutcome()
        for port in target.ports(speaking: "rtsp") {
            outcome.add(await checkRTSP(target, port: port, options: options))
        }
        var saved = 0
        for (port, useTLS) in target.ports(speaking: "http").map({ ($0, false) }) + target.ports(speaking: "https").map({ ($0, true) }) {
            outcome.add(await checkHTTP(target, port: port, useTLS: useTLS, options: options, savedSoFar: &saved))
        }
        return outcome
    }

    /// A path no device serves: random, so that only a device answering everything says 200 to it.
    static func guardPath(suffix: String = "") -> String {
        "/camaudit-no-such-stream-" + String(UInt64.random(in: 0...UInt64.max), radix: 16) + suffix
    }

    static let rtspRemediation =
        "Require authentication for RTSP (disable anonymous or unauthenticated stream access), set a strong password, and do not expose port 554 to untrusted networks."
    static let httpRemediation =
        "Require authentication for snapshot and MJPEG URLs (disable anonymous viewing), set a strong password, and do not expose the web port to untrusted networks."
}
