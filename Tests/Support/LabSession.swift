import CamAuditCore
import CamAuditLab
import CamAuditScanner
import class Foundation.ProcessInfo

/// The one way tests start a lab of emulated devices: on a loopback block of its own from `TestAddresses`,
/// and always shut down, whether the body returns or throws.
public enum LabSession {
    /// How much longer than normal a test's network steps and deadlines may take: `CAMAUDIT_TEST_TIME_SCALE`
    /// (1 to 20; default 1). `scripts/test --sanitize` sets it, since an instrumented build answers several times slower.
    public static let timeScale: Double = {
        guard let text = ProcessInfo.processInfo.environment["CAMAUDIT_TEST_TIME_SCALE"], let value = Double(text) else { return 1 }
        return min(20, max(1, value))
    }()

    /// The sanitizer this test run is built with (`CAMAUDIT_TEST_SANITIZER`, set by `scripts/test --sanitize`), or
    /// nil. Memory bounds do not hold under one: AddressSanitizer's shadow memory and quarantine add hundreds of MB.
    public static let sanitizer: String? = ProcessInfo.processInfo.environment["CAMAUDIT_TEST_SANITIZER"]

    /// `duration` times `timeScale`.
    public static func scaled(_ duration: Duration) -> Duration { duration * timeScale }

    /// Starts `devices` devices (default: one per profile; every profile when `profiles` is nil, round
    /// robin), runs `body`, shuts the lab down and returns what `body` returned. The lab's `devices` and
    /// activity stay readable after the shutdown.
    @discardableResult
    public static func with<T>(
        profiles: [String]? = nil, devices: Int? = nil, allowPrivilegedPorts: Bool = true, _ body: (Lab) async throws -> T
    ) async throws -> T {
        let count = devices ?? profiles?.count ?? Lab.profileIDs.count
        let block = TestAddresses.block(forDevices: count)
        let lab = try await Lab.start(base: block.base, deviceCount: count, profiles: profiles, allowPrivilegedPorts: allowPrivilegedPorts)
        do {
            let result = try await body(lab)
            try await lab.shutdown()
            return result
        } catch {
            try? await lab.shutdown()
            throw error
        }
    }

    /// What the scan asks for: the lab's whole network (a sweep finds the devices) or the device addresses.
    public enum Targets: Sendable {
        case network, addresses
    }

    /// A scan of a lab, as the scanner, end-to-end and verdict tests run one; `elapsed` is how long
    /// `Scanner.run` took (the lab's start and shutdown not counted).
    public typealias Scan = (report: ScanReport, lab: Lab, elapsed: Duration)

    /// Starts a lab, scans it with a bundled scanner of `components` (`configure` may change the request
    /// first) and shuts it down.
    public static func scan(
        profiles: [String]? = nil, devices: Int? = nil, components: Scanner.Components, targets: Targets = .network,
        deadline: Duration = .seconds(60), configure: (inout ScanRequest) throws -> Void = { _ in }
    ) async throws -> Scan {
        try await with(profiles: profiles, devices: devices) { lab in
            let scanner = try Scanner.bundled(components)
            var request = try lab.scanRequest(targets, deadline: deadline)
            try configure(&request)
            let clock = ContinuousClock()
            let start = clock.now
            let report = try await scanner.run(request)
            return (report, lab, clock.now - start)
        }
    }
}

extension Lab {
    /// The address the devices count from: device i listens on `base + i + 1`.
    public var base: IPAddress {
        guard case .v4(let first)? = devices.first?.address else { preconditionFailure("a lab has IPv4 devices") }
        return .v4(first - 1)
    }

    /// The lab's network as a CIDR target: the /24 of its base, wider when the devices run past it.
    public var network: String {
        var prefix = 24
        while devices.count + 2 > 1 << (32 - prefix) { prefix -= 1 }
        return "\(base)/\(prefix)"
    }

    /// The address `offset` places after the base (past the last device: an address where nothing listens).
    public func address(_ offset: Int) -> IPAddress {
        guard case .v4(let value) = base else { preconditionFailure("a lab has IPv4 devices") }
        return .v4(value + UInt32(offset))
    }

    /// Every TCP port any device listens on.
    public var ports: PortList { PortList(devices.flatMap(\.ports)) }

    /// A scan request for this lab: its network or its device addresses, its ports, one-second steps.
    public func scanRequest(_ targets: LabSession.Targets = .network, deadline: Duration? = .seconds(60)) throws -> ScanRequest {
        let texts = targets == .network ? [network] : devices.map(\.address.description)
        var request = ScanRequest(
            targets: try TargetSpecification.list(texts), ports: ports, stepTimeout: LabSession.scaled(.seconds(1)),
            deadline: deadline.map(LabSession.scaled))
        request.discoveryWindow = LabSession.scaled(.seconds(1))
        return request
    }
}
