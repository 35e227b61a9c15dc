/// Byte prefixes that name a service from its unprompted banner (NULL probe), as data with sources.
public struct BannerSignature: Sendable {
    public var service: String
    public var prefix: [UInt8]
    public var source: String

    public static let all: [BannerSignature] = [
        BannerSignature(
            service: "hikvision-sdk", prefix: [0, 0, 0, 0x10, 0, 0, 0, 0x1e, 0, 0, 0, 0x1e],
            source: "nmap/nmap@db4aefddfa34 nmap-service-probes line 1821: NULL probe match 'Hikvision IPCam control port'"),
        BannerSignature(
            service: "lts-dvr", prefix: Array("head".utf8) + [0, 0, 0, 0],
            source: "nmap/nmap@db4aefddfa34 nmap-service-probes line 532: NULL probe match 'LTS or QSEE DVR video server'"),
    ]

    /// The service of the first signature the banner starts with.
    public static func service(forBanner banner: [UInt8]) -> String? {
        all.first { banner.starts(with: $0.prefix) }?.service
    }
}
