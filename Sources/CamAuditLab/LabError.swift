/// Why the lab could not start or load its profiles.
public enum LabError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The base address is not in 127.0.0.0/8; the lab only ever listens on loopback.
    case baseNotLoopback(String)
    /// The device count is zero, negative or would run past the end of 127.0.0.0/8.
    case badDeviceCount(Int)
    /// A requested profile id does not exist.
    case unknownProfile(String)
    /// A profile file could not be read or decoded.
    case profileUnreadable(file: String, reason: String)
    /// The bundled Profiles folder is missing from the build.
    case profilesFolderMissing
    /// A port could not be bound.
    case bindFailed(address: String, port: UInt16, reason: String)
    /// The lab's traffic capture could not be written.
    case captureWrite(String, String)

    public var description: String {
        switch self {
        case .baseNotLoopback(let base):
            return "The lab base \(base) is not a loopback address; choose one in 127.0.0.0/8, e.g. 127.42.0.0."
        case .badDeviceCount(let count):
            return "Cannot start \(count) devices; choose a count from 1 up to what fits in 127.0.0.0/8 after the base."
        case .unknownProfile(let id):
            return "There is no lab profile named '\(id)'; run `camaudit lab up --help` to see the profile ids."
        case .profileUnreadable(let file, let reason):
            return "The lab profile \(file) could not be read (\(reason)); fix the JSON file."
        case .profilesFolderMissing:
            return "The lab's Profiles folder is missing from the build; rebuild the package."
        case .bindFailed(let address, let port, let reason):
            return "Could not listen on \(address):\(port) (\(reason)); stop whatever uses it or pick another --base."
        case .captureWrite(let path, let reason):
            return "Could not write the lab's traffic capture \(path) (\(reason)); check the directory is writable."
        }
    }
}
