/// A Dahua `DHDiscover.search` request (UDP 37810), DHIP-framed because bare JSON gets no reply.
public enum DHDiscoverProbe {
    /// The JSON body, exactly as measured devices accept it (protocols.md §1.3).
    public static let body: [UInt8] = Array(#"{"method":"DHDiscover.search","params":{"mac":"","uni":1}}"#.utf8)

    /// The framed search datagram.
    public static func message() -> [UInt8] { DHIPFrame(body: body).encoded }
}
