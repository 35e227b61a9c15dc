/// One place a camera may serve video or a picture without a login: an RTSP route, a snapshot or an MJPEG URL.
public struct StreamPath: Sendable, Hashable, Codable {
    /// What the path serves, which decides how its answer is judged.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An RTSP route: DESCRIBE must return an SDP with media.
        case rtsp
        /// An HTTP URL that returns one JPEG picture.
        case snapshot
        /// An HTTP URL that returns a `multipart/x-mixed-replace` stream of JPEG pictures.
        case mjpeg
    }

    /// Stable id, unique in the file.
    public var id: String
    /// A vocabulary manufacturer or brand (canonical spelling), or `generic` for paths tried on any camera.
    public var vendor: String
    public var kind: Kind
    /// Path and query as sent (`/cam/realmonitor?channel=1&subtype=0`).
    public var path: String
    /// The port the vendor serves it on by default (the checker uses the ports actually found open).
    public var port: UInt16
    /// Where the path comes from.
    public var source: String
    public var note: String?
    /// False for paths kept for reference that are never requested (credentials or tokens in the URL).
    public var tried: Bool?
    /// Why a path with `tried: false` is not requested.
    public var notTriedBecause: String?

    public init(
        id: String, vendor: String, kind: Kind, path: String, port: UInt16, source: String,
        note: String? = nil, tried: Bool? = nil, notTriedBecause: String? = nil
    ) {
        self.id = id
        self.vendor = vendor
        self.kind = kind
        self.path = path
        self.port = port
        self.source = source
        self.note = note
        self.tried = tried
        self.notTriedBecause = notTriedBecause
    }

    /// The vendor value of paths tried on cameras of any maker.
    public static let genericVendor = "generic"

    /// Whether the checker may request this path.
    public var isTried: Bool { tried ?? true }
}
