/// What an emulated device says to the internet, as data: the lab writes it into a capture file
/// (`LabTrafficCapture`) so `camaudit demo` can audit traffic too. Nothing is sent: the capture is
/// written, and its outside addresses are documentation ranges.
public struct LabPhoneHome: Sendable, Hashable, Codable {
    /// One conversation with the outside.
    public struct Contact: Sendable, Hashable, Codable {
        /// `tls` (DNS lookup, then a TLS ClientHello naming `name`), `udp` (one datagram with `payloadHex`),
        /// `video` (`kilobytes` sent over `seconds` in UDP packets), `ntp` (one NTP client request).
        public var kind: String
        public var name: String?
        public var address: String
        public var port: UInt16
        public var payloadHex: String?
        public var kilobytes: Int?
        public var seconds: Double?
    }

    /// Which `data/cloud-endpoints.json` rows the contacts follow (with their public sources), and what is a lab assumption.
    public var source: String
    public var contacts: [Contact]
    /// The `phone-home` finding ids a correct traffic audit reports for this device.
    public var findings: [String]
}
