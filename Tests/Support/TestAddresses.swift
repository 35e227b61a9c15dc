import CamAuditCore
import Foundation
import Synchronization

/// The one place tests get loopback addresses to bind, listen on, connect from or scan.
///
/// A test process owns the /16s 127.P.0.0 where P = 200 + pid % 50 (then P - 50, P - 100, P - 150 when
/// one is used up), so two test runs on one machine (a developer's and CI's) rarely meet. Inside the
/// process each call hands out blocks no other call gets: a /24, or an aligned run of /24s, in the order
/// tests ask for them. Everything stays inside 127.0.0.0/8.
public enum TestAddresses {
    /// The second octet of this process's first /16.
    public static let processOctet = 200 + Int(getpid() % 50)
    /// The second octets this process may use, 256 /24s each.
    public static let octets = [processOctet, processOctet - 50, processOctet - 100, processOctet - 150]

    /// The index of the next free /24 across the process's /16s.
    private static let nextBlock = Mutex(0)

    /// A block of `count` /24s (a power of two, at most 256) that no other test of this process gets.
    public static func block(spanning count: Int = 1) -> AddressBlock {
        precondition(count > 0 && count <= 256 && count & (count - 1) == 0, "a block spans a power of two /24s, at most 256")
        let index = nextBlock.withLock { next in
            let start = (next + count - 1) / count * count  // aligned, so the block is one CIDR prefix
            next = start + count
            return start
        }
        precondition(index / 256 < octets.count, "the test process used up its \(octets.count * 256) loopback /24s")
        let value = UInt32(127) << 24 | UInt32(octets[index / 256]) << 16 | UInt32(index % 256) << 8
        return AddressBlock(first: value, count: count)
    }

    /// A block large enough for a lab of `devices` devices (device i at base + i + 1) and one spare host
    /// address after them, as `LabSession` allocates it.
    public static func block(forDevices devices: Int) -> AddressBlock {
        var count = 1
        while count * 256 < devices + 2 { count *= 2 }
        return block(spanning: count)
    }
}

/// A run of loopback addresses handed out by `TestAddresses`: `count` /24s starting at `base`.
public struct AddressBlock: Sendable, CustomStringConvertible {
    let first: UInt32
    /// How many /24s the block spans.
    public let count: Int

    /// The block's first address, x.y.z.0.
    public var base: IPAddress { .v4(first) }
    /// The address `offset` places after the base (1 is the first host).
    public func host(_ offset: Int) -> IPAddress {
        precondition(offset >= 0 && offset < count * 256, "\(offset) is outside the block \(cidr)")
        return .v4(first + UInt32(offset))
    }
    /// The block as a CIDR target, e.g. `127.203.4.0/24`.
    public var cidr: String { "\(base)/\(24 - count.trailingZeroBitCount)" }
    /// The hosts `first` through `last` of the block's first /24 as a range target, e.g. `127.203.4.1-32`.
    public func range(_ first: Int, _ last: Int) -> String {
        precondition(first <= last && last < 256, "a range target stays in one /24")
        return "\(host(first))-\(last)"
    }
    public var description: String { cidr }
}
