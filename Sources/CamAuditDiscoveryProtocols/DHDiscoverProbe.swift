/// A Dahua `DHDiscover.search` request (UDP 37810), DHIP-framed as the public clients send it (bare JSON is
/// assumed to get no reply: lab assumption, no public sample).
public enum DHDiscoverProbe {
    /// The JSON body: the DHDiscover.search request of mcw0/DahuaConsole@5f8f35b13437 net.py (dh_discover), written compact.
    public static let body: [UInt8] = Array(#"{"method":"DHDiscover.search","params":{"mac":"","uni":1}}"#.utf8)

    /// The framed search datagram.
    public static func message() -> [UInt8] { DHIPFrame(body: body).encoded }
}
