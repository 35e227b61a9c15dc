import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file the user or the catalog names, stopping one byte past a limit: a file far larger than
/// expected costs at most the limit in memory, never its whole size.
///
/// Written on `open`/`read` rather than `FileManager.contents(atPath:)` or `Data(contentsOf:)`: those
/// read the whole file before the size can be checked, and on Swift 6.3 (Linux) they leak a 4,096-byte
/// buffer for every empty file (found by the FuzzCatalog harness, LeakSanitizer).
public enum BoundedFile {
    public enum Failure: Error, Sendable, Equatable {
        /// The file could not be opened or read; `reason` is the system's sentence (for example
        /// "No such file or directory", "Is a directory").
        case unreadable(reason: String)
        /// The file holds more than the limit.
        case tooLarge(limit: Int)
    }

    /// The file's bytes, when there are at most `maximumBytes` of them.
    public static func read(_ path: String, maximumBytes: Int) throws(Failure) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var data = Data()
        let chunk = 64 << 10
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if count == 0 { return data }
            guard data.count + count <= maximumBytes else { throw .tooLarge(limit: maximumBytes) }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
            Musl.read(descriptor, buffer, count)
        #else
            Darwin.read(descriptor, buffer, count)
        #endif
    }
}
