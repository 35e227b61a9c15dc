import CamAuditCatalog
import CamAuditVerdicts
import Logging
import NIOCore
import NIOPosix

extension Scanner {
    /// What a bundled scanner does besides identifying devices.
    public struct Components: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Version-based vulnerability findings from the identity alone (label `passive`: no packet).
        public static let versionFindings = Components(rawValue: 1 << 0)
        /// The active checks (vulnerability probes, streams, logins, router), run when a request asks for checks.
        public static let securityChecks = Components(rawValue: 1 << 1)
        /// Compliance verdicts, risk scores and the replacement plan, computed when the scan ends.
        public static let verdicts = Components(rawValue: 1 << 2)

        /// Identification only: no findings, no checks, no verdicts.
        public static let identification: Components = []
        /// Everything `camaudit scan` does.
        public static let all: Components = [.versionFindings, .securityChecks, .verdicts]
    }

    /// A scanner built from the catalogs bundled with camaudit, in one call: the fingerprints always,
    /// and the `components` asked for (all of them by default), on NIO's shared event loop group.
    public static func bundled(
        _ components: Components = .all, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "camaudit.scan")
    ) throws -> Scanner {
        Scanner(
            catalog: try FingerprintCatalog.bundled(),
            vulnerabilities: components.contains(.versionFindings) ? try VulnerabilityCatalog.bundled() : nil,
            securityChecks: components.contains(.securityChecks) ? try SecurityChecks.bundled(eventLoopGroup: eventLoopGroup) : nil,
            verdicts: components.contains(.verdicts) ? try VerdictEngine.bundled() : nil,
            eventLoopGroup: eventLoopGroup, logger: logger)
    }
}
