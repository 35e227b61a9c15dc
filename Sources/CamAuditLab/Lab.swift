import CamAuditCore
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import NIOCore
import NIOPosix
import NIOSSL

/// A set of emulated cameras, recorders, decoys and hostile devices listening on loopback addresses.
public final class Lab: Sendable {
    /// The devices, in address order.
    public let devices: [LabDevice]
    /// Added to every port below 1024 when the process may not bind privileged ports; 0 otherwise.
    public let portOffset: UInt16
    private let channels: [Channel]
    private let group: MultiThreadedEventLoopGroup
    private let states: [IPAddress: DeviceState]

    /// The offset used when real ports below 1024 cannot be bound.
    public static let unprivilegedOffset: UInt16 = 10000
    /// Connections with no traffic for this long are closed by ordinary (non-hostile) ports.
    static let idleTimeout: TimeAmount = .seconds(30)

    private init(
        devices: [LabDevice], portOffset: UInt16, channels: [Channel], group: MultiThreadedEventLoopGroup,
        states: [IPAddress: DeviceState]
    ) {
        self.devices = devices
        self.portOffset = portOffset
        self.channels = channels
        self.group = group
        self.states = states
    }

    /// What the device at `address` has seen so far (login attempts, locks, recorded routes); nil for hostile devices.
    public func activity(at address: IPAddress) -> LabActivity? {
        states[address]?.activity
    }

    /// The activity of every device added together.
    public var totalActivity: LabActivity {
        states.values.reduce(into: LabActivity()) { $0.add($1.activity) }
    }

    /// Every profile id, in the order round-robin allocation uses.
    public static var profileIDs: [String] {
        ((try? ProfileLibrary.load()) ?? []).map(\.id)
    }

    /// The hostile profiles (every behaviour but `device`: silent ports, tarpits, trickles, floods, honeypots,
    /// malformed XML), in file-name order.
    public static var hostileProfileIDs: [String] {
        ((try? ProfileLibrary.load()) ?? []).filter { $0.kind != .device }.map(\.id)
    }

    /// Starts `hostileCopies` devices of every hostile profile: `hostileCopies * hostileProfileIDs.count` devices,
    /// device i running `hostileProfileIDs[i % count]` and listening on `base + i + 1`.
    public static func start(base: IPAddress, hostileCopies: Int, allowPrivilegedPorts: Bool = true) async throws -> Lab {
        let hostile = hostileProfileIDs
        guard hostileCopies > 0, !hostile.isEmpty else { throw LabError.badDeviceCount(hostileCopies) }
        return try await start(
            base: base, deviceCount: hostileCopies * hostile.count, profiles: hostile, allowPrivilegedPorts: allowPrivilegedPorts)
    }

    /// Starts `deviceCount` devices; device i listens on `base + i + 1`.
    public static func start(
        base: IPAddress, deviceCount: Int, profiles: [String]? = nil, allowPrivilegedPorts: Bool = true
    ) async throws -> Lab {
        guard case .v4(let baseValue) = base, baseValue >> 24 == 127 else { throw LabError.baseNotLoopback(base.description) }
        guard deviceCount > 0, UInt64(baseValue & 0x00ff_ffff) + UInt64(deviceCount) < 0x00ff_ffff else {
            throw LabError.badDeviceCount(deviceCount)
        }
        let library = try ProfileLibrary.load()
        let chosen: [DeviceProfile]
        if let profiles {
            chosen = try profiles.map { id in
                guard let profile = library.first(where: { $0.id == id }) else { throw LabError.unknownProfile(id) }
                return profile
            }
            guard !chosen.isEmpty else { throw LabError.unknownProfile("") }
        } else {
            chosen = library
        }
        let offset: UInt16 = allowPrivilegedPorts && PrivilegedPorts.canBind() ? 0 : unprivilegedOffset
        // Each device holds about five listening sockets (TCP ports and UDP discovery) plus its open
        // connections, so a lab of thousands needs more descriptors than a default soft limit of 1024.
        raiseOpenFileLimit()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var channels: [Channel] = []
        var devices: [LabDevice] = []
        var states: [IPAddress: DeviceState] = [:]
        do {
            for index in 0..<deviceCount {
                let address = IPAddress.v4(baseValue + UInt32(index) + 1)
                let httpPort = (chosen[index % chosen.count].http?.ports.first).map { $0 < 1024 ? $0 + offset : $0 } ?? 0
                var profile = DiscoveryListeners.profileServingDescription(
                    chosen[index % chosen.count], address: address.description, httpPort: httpPort)
                // Values for `{address}`, `{labPeer:+N}` and `{labPort:P}` in replies (a router's mappings name its lab neighbours).
                profile.identity["address"] = address.description
                profile.identity["labPortOffset"] = String(offset)
                let listeners = try DeviceListeners(profile: profile, offset: offset)
                if profile.kind == .device { states[address] = listeners.state }
                var bound: [UInt16] = []
                for listener in listeners.plan {
                    let channel = try await listener.bind(host: address.description, group: group)
                    channels.append(channel)
                    bound.append(listener.port)
                }
                let discovery = DiscoveryListeners(profile: profile, address: address.description, httpPort: httpPort)
                channels += try await discovery.bind(group: group)
                devices.append(
                    LabDevice(
                        address: address, profile: profile.id, expected: profile.expected,
                        ports: bound.sorted(), isHostile: profile.kind != .device, udpPorts: discovery.ports, phoneHome: profile.phoneHome))
            }
        } catch {
            for channel in channels { try? await channel.close() }
            try? await group.shutdownGracefully()
            throw error
        }
        devices = expectingExposures(devices, profiles: (0..<deviceCount).map { chosen[$0 % chosen.count] }, offset: offset)
        return Lab(devices: devices, portOffset: offset, channels: channels, group: group, states: states)
    }

    /// Raises this process's soft limit on open files to its hard limit (never above it, never down).
    static func raiseOpenFileLimit() {
        #if canImport(Glibc)
            var limit = rlimit()
            guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #endif
    }

    /// Adds `internet-exposed` to the expectations of each video device a lab router forwards an open port to.
    private static func expectingExposures(_ devices: [LabDevice], profiles: [DeviceProfile], offset: UInt16) -> [LabDevice] {
        var devices = devices
        for (index, profile) in profiles.enumerated() {
            for mapping in profile.exposes?.mappings ?? [] {
                let peerIndex = index + mapping.peer
                guard devices.indices.contains(peerIndex) else { continue }
                let peer = devices[peerIndex]
                let port = mapping.port < 1024 ? mapping.port + offset : mapping.port
                guard peer.expected.deviceType.isVideoDevice, peer.ports.contains(port) else { continue }
                var expected = peer.expected
                if !(expected.findings ?? []).contains("internet-exposed") {
                    expected.findings = (expected.findings ?? []) + ["internet-exposed"]
                }
                devices[peerIndex] = LabDevice(
                    address: peer.address, profile: peer.profile, expected: expected, ports: peer.ports,
                    isHostile: peer.isHostile, udpPorts: peer.udpPorts, phoneHome: peer.phoneHome)
            }
        }
        return devices
    }

    /// Closes every listener and connection; the ports are free when this returns.
    public func shutdown() async throws {
        for channel in channels { try? await channel.close() }
        try await group.shutdownGracefully()
    }
}
