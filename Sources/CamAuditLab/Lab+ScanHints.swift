import CamAuditCore
import CamAuditProbes

extension Lab {
    /// When the lab could not bind privileged ports it shifted them by `portOffset`: the service each
    /// shifted port stands for, so the probes ask it the right question first. Empty without a shift.
    public var portHints: [UInt16: ServiceHint] {
        Self.portHints(offset: portOffset, ports: Set(devices.flatMap(\.ports)))
    }

    /// The same for a lab whose offset and ports are known but which runs elsewhere (another process).
    public static func portHints(offset: UInt16, ports: Set<UInt16>) -> [UInt16: ServiceHint] {
        guard offset > 0 else { return [:] }
        let known: [UInt16: ServiceHint] = [80: .http, 88: .http, 443: .https, 554: .rtsp, 23: .telnet]
        var hints: [UInt16: ServiceHint] = [:]
        for port in ports where port >= offset {
            if let hint = known[port - offset] { hints[port] = hint }
        }
        return hints
    }

    /// The logins the lab's profiles define, one entry per device that has one (for scans with credentials).
    public func credentialFile() throws -> CredentialFile {
        let logins = Dictionary(
            try ProfileLibrary.load().compactMap { profile in profile.credentials.map { (profile.id, $0) } },
            uniquingKeysWith: { first, _ in first })
        return CredentialFile(
            entries: devices.compactMap { device in
                logins[device.profile].map {
                    CredentialEntry(scope: .range(AddressRange(single: device.address)), user: $0.user, password: $0.password)
                }
            })
    }
}
