#if canImport(Glibc)
import Glibc

/// epoll and eventfd, looked up from the C library at run time.
///
/// The Glibc module map that Swift ships does not export `<sys/epoll.h>` or `<sys/eventfd.h>`, and
/// this target depends on nothing but CamAuditCore and Glibc, so the four functions are bound by
/// name with their C signatures and `struct epoll_event` is read as raw bytes with the kernel's
/// layout (packed, 12 bytes, on x86-64; 16 bytes elsewhere).
struct LinuxEpoll {
    static let readable: UInt32 = 0x001
    static let writable: UInt32 = 0x004
    static let error: UInt32 = 0x008
    static let hangUp: UInt32 = 0x010
    static let edgeTriggered: UInt32 = 1 << 31
    static let controlAdd: Int32 = 1
    #if arch(x86_64)
    static let eventSize = 12
    static let dataOffset = 4
    #else
    static let eventSize = 16
    static let dataOffset = 8
    #endif

    typealias Create = @convention(c) (Int32) -> Int32
    typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventCounter = @convention(c) (UInt32, Int32) -> Int32

    let create: Create
    let control: Control
    let wait: Wait
    let eventCounter: EventCounter

    /// The bound functions, or nil when the C library lacks them (not Linux, or a very old kernel).
    static let shared: LinuxEpoll? = LinuxEpoll()

    private init?() {
        guard let library = dlopen(nil, RTLD_NOW),
            let create = dlsym(library, "epoll_create1"),
            let control = dlsym(library, "epoll_ctl"),
            let wait = dlsym(library, "epoll_wait"),
            let eventCounter = dlsym(library, "eventfd")
        else { return nil }
        self.create = unsafeBitCast(create, to: Create.self)
        self.control = unsafeBitCast(control, to: Control.self)
        self.wait = unsafeBitCast(wait, to: Wait.self)
        self.eventCounter = unsafeBitCast(eventCounter, to: EventCounter.self)
    }

    /// Registers `fd` for `events`, with `token` handed back in each readiness report.
    func add(epoll: Int32, fd: Int32, events: UInt32, token: UInt64) -> Bool {
        var buffer: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: token, toByteOffset: LinuxEpoll.dataOffset, as: UInt64.self)
            return control(epoll, LinuxEpoll.controlAdd, fd, raw.baseAddress) == 0
        }
    }

    /// The flags of report `index` in a buffer filled by `wait`.
    @inline(__always)
    static func flags(in buffer: UnsafeMutableRawPointer, at index: Int) -> UInt32 {
        buffer.loadUnaligned(fromByteOffset: index &* eventSize, as: UInt32.self)
    }

    /// The token of report `index` in a buffer filled by `wait`.
    @inline(__always)
    static func token(in buffer: UnsafeMutableRawPointer, at index: Int) -> UInt64 {
        buffer.loadUnaligned(fromByteOffset: index &* eventSize &+ dataOffset, as: UInt64.self)
    }
}
#endif
