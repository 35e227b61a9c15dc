/// What each kind of capture evidence is worth when telling a video device from a client, in one
/// table. A host is a video device from +0.3, a client from -0.3 (the sum of its items), else unknown.
///
/// | Evidence | Leans | Weight | Why |
/// |---|---|---|---|
/// | Announced device type (SSDP, WS-Discovery, mDNS, SADP, DHDiscover, DHCP vendor class) | its type | the fingerprint's weight, at most 0.9 | the device names itself |
/// | MAC in a camera maker's IEEE block, no type announced | video | 0.35 | those makers sell cameras and recorders, not phones; but a module vendor's block can be anywhere |
/// | Locally administered (random) MAC | client | 0.3 | phones and PCs randomise their Wi-Fi MAC per network; camera firmware keeps the burned-in one |
/// | Reached an app-side vendor host name | client | 0.6 | the reference lists those names as used by the app or portal, not the device |
/// | Served video (RTSP, SDK port) to local hosts | video | 0.5 | cameras and recorders serve video; phones do not |
/// | Pulled video from a local camera | client | 0.35 | a viewer (an NVR does too, but it announces itself) |
/// | Searched for cameras (WS-Discovery Probe, SSDP M-SEARCH) | client | 0.25 | apps, VMS and recorders search; cameras answer |
/// | 20 or more distinct internet hosts | client | 0.4 | a camera talks to a handful (cloud, NTP, DNS); a phone or PC reaches dozens |
/// | Only camera clouds and P2P brokers, at most 8 | video | 0.3 | the camera's own phone-home, nothing a person browses |
/// | Relay upload 1 MB+ and 4x the download | video | 0.4 | the camera pushes video to the relay |
/// | Relay download 1 MB+ and 4x the upload | client | 0.4 | the app pulls video from the relay |
public enum AttributionWeights {
    public static let decisionThreshold = 0.3
    public static let announcedTypeCap = 0.9
    public static let cameraMakerMAC = 0.35
    public static let randomMAC = 0.3
    public static let appHostName = 0.6
    public static let servesVideo = 0.5
    public static let pullsVideo = 0.35
    public static let searchesForCameras = 0.25
    public static let manyDestinations = 0.4
    public static let manyDestinationsFrom = 20
    public static let onlyRelays = 0.3
    public static let onlyRelaysAtMost = 8
    public static let relayDirection = 0.4
    public static let relayDirectionMinimumBytes = 1_000_000
    public static let relayDirectionRatio = 4
}
