/// Why an nmap XML file could not be imported.
public enum NmapImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is larger than the import limit.
    case tooLarge(path: String, limit: Int)
    /// The XML is malformed or not an nmap run.
    case malformed(line: Int, reason: String)
    /// More hosts than the import limit.
    case tooManyHosts(limit: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read the nmap file \(path) (\(reason)); check the path"
        case .tooLarge(let path, let limit):
            return "the nmap file \(path) is larger than \(limit / (1 << 20)) MiB; split the nmap run"
        case .malformed(let line, let reason):
            return "the nmap file is not valid nmap XML (line \(line): \(reason)); write it with nmap -oX FILE"
        case .tooManyHosts(let limit):
            return "the nmap file lists more than \(limit) hosts; split the nmap run"
        }
    }
}
