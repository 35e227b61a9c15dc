/// A destination that received video-sized data from a device: a steady upload far larger than what
/// came back, at a rate only a video (or image) stream reaches.
public struct VideoUpload: Sendable, Hashable, Codable {
    public var bytes: Int
    public var seconds: Double
    public var bitsPerSecond: Double

    /// 1 MB: keep-alives, registrations and telemetry stay far below it within a capture.
    public static let minimumBytes = 1_000_000
    /// 256 kbit/s: about the lowest H.264 sub-stream cameras offer (CIF at a low frame rate); a firmware
    /// check or a log upload does not sustain it.
    public static let minimumBitsPerSecond = 256_000.0
    /// Up at least 4 times down: video flows one way; a download (firmware, app content) is the reverse.
    public static let minimumUpToDownRatio = 4

    /// The upload when `bytesUp`/`bytesDown` over `seconds` fit all three thresholds; nil otherwise.
    public static func detect(bytesUp: Int, bytesDown: Int, seconds: Double) -> VideoUpload? {
        // A burst inside one second is rated over one second, so a short clip upload still counts.
        let duration = max(seconds, 1)
        let rate = Double(bytesUp) * 8 / duration
        guard bytesUp >= minimumBytes, rate >= minimumBitsPerSecond, bytesUp >= minimumUpToDownRatio * bytesDown else { return nil }
        return VideoUpload(bytes: bytesUp, seconds: seconds, bitsPerSecond: rate)
    }

    /// "4.2 MB in 31 s (1.1 Mbit/s)".
    public var summary: String {
        let megabytes = Double(bytes) / 1_000_000
        let megabits = bitsPerSecond / 1_000_000
        return "\(Self.decimal(megabytes)) MB in \(Int(seconds.rounded())) s (\(Self.decimal(megabits)) Mbit/s)"
    }

    static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
