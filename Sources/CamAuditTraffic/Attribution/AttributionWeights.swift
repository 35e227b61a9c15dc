/// What each kind of capture evidence is worth when telling a video device from a client, in one
/// table. A host is a video device from +0.3, a client from -0.3 (the sum of its items), else unknown.
///
/// Signals only cameras give (a CS2 device login, a discovery announcement of a video type, a camera's
/// own control protocol, a media stream sent one way, a camera cloud's name) outweigh generic ones
/// that many devices share (a DHCP vendor class, a MAC block). Each weight names the real, public
/// capture that motivated it (the corpus `camaudit-bench traffic --real` scores; see the tests).
/// Captures cited (repository@commit path):
/// - XIAOMI: smart-home-network-security/smart-home-firewall@3b9c6cb7f01b eval/latency/xiaomi-cam/no-firewall/wan.pcap
/// - XIAOMI-LAN: smart-home-network-security/smart-home-firewall@3b9c6cb7f01b eval/latency/xiaomi-cam/my-firewall/wlan5.0.pcap
/// - ALL-DEVICES: smart-home-network-security/smart-home-firewall@3b9c6cb7f01b eval/latency/all-devices/my-firewall/wlan2.4.pcap
/// - DLINK: smart-home-network-security/smart-home-firewall@3b9c6cb7f01b eval/latency/dlink-cam/no-firewall/wlan2.4.pcap
/// - HUE: smart-home-network-security/smart-home-firewall@3b9c6cb7f01b eval/latency/philips-hue/no-firewall/lan.pcap
/// - SMARTTHINGS: smart-home-network-security/smart-home-firewall@3b9c6cb7f01b eval/latency/smartthings-hub/no-firewall/lan.pcap
/// - TUYA: smart-home-network-security/smart-home-firewall@3b9c6cb7f01b eval/latency/tuya-motion/no-firewall/wlan2.4.pcap
/// - KASA: smart-home-network-security/signature-extraction@b185d826a9a0 demo/file.pcap
/// - WANSVIEW: lucamrgs/MUDscope@823be7622a4e examples/data/malign/ut-tplink/2021-11-18_15:10:46.pcap (Wansview, Ring, Kasa, Tuya)
/// - FOSCAM: lucamrgs/MUDscope@823be7622a4e examples/data/malign/tue-tplink/2021-11-18_15:15:34.pcap
/// - REOLINK: thirtythreeforty/neolink@186d58046271 crates/core/src/bc/samples/e1_firmwareupgrade.pcapng
/// - TRAILCAM: philibertschlutzki/pi_trailcam@af365e6079fb tests/MITM_Captures/trailcam_mitm_20251214_194317.pcap (a phone with camera apps, no camera)
/// - NEST: ntop/nDPI@3b1286ab03b0 tests/cfgs/default/pcap/nest_log_sink.pcap
///
/// | Evidence | Leans | Weight | Why, and the capture |
/// |---|---|---|---|
/// | Sent a CS2/PPPP device login (0xF1 0x10/0x12), any port | video | 0.9 | only a device registers its ID with a P2P server: XIAOMI (UDP 32100), WANSVIEW (UDP 60722) |
/// | Announced a video type (WS-Discovery `NetworkVideoTransmitter`, SSDP, SADP, DHDiscover, mDNS) | its type | the fingerprint's weight, at most 0.9 | the device names itself; issue 13's Tapo camera sent a WS-Discovery Hello as NetworkVideoTransmitter |
/// | A local host opened a camera's control protocol on it (RTSP, SDK ports, Reolink Baichuan magic) | video | 0.5 | cameras serve; REOLINK (Baichuan on TCP 9000, LAN only) |
/// | Sent a media-shaped UDP stream: 256 kB+, 10x what came back, not on 80/443 | video | 0.5 | a camera's P2P video: DLINK (1.2 MB in 11 s to the phone), XIAOMI-LAN (CS2 DRW video), ALL-DEVICES (D-Link 416 kB remote) |
/// | Reached a camera cloud or P2P broker by name (device side) | video | 0.4 | the camera's own phone-home: WANSVIEW (ajcloud.net), DLINK (mydlink.com) once the data lists them |
/// | Only camera clouds and P2P brokers, at most 8 | video | 0.3 | nothing a person browses |
/// | Relay upload 1 MB+ and 4x the download | video | 0.4 | the camera pushes video to the relay |
/// | Searched for an Internet gateway (SSDP IGD/WANIPConnection) | video | 0.3 | a device asking the router to open a port for remote viewing: FOSCAM, WANSVIEW; phones search ssdp:all (HUE, SMARTTHINGS) |
/// | DHCP host name with `camera` or `doorbell` | video | 0.35 | WANSVIEW's Ring doorbell (RingDoorbell-1f) says nothing else in its idle window |
/// | MAC in a camera maker's IEEE block, no type announced | video | 0.25 | corroboration only: no corpus camera is in those blocks, and makers' blocks also ship plugs and phones |
/// | DHCP vendor class of a general-purpose system (`MSFT 5.0`, `android-dhcp`) | client | at most 0.25 | many embedded devices send them: udhcp by DLINK, WANSVIEW and the HUE bridge; MSFT 5.0 by issue 13's Tapo camera |
/// | Reached a non-camera smart-home cloud (`iot-cloud`: Kasa, Tuya, Hue, SmartThings, Nest Weave) | not video | 0.5 | KASA, TUYA, HUE, SMARTTHINGS, NEST, WANSVIEW's plug and Tuya module |
/// | Sent CS2 client requests (MSG_P2P_REQ, MSG_LAN_SEARCH) | client | 0.5 | only the app asks for a device: TRAILCAM, XIAOMI-LAN's phone |
/// | Locally administered (random) MAC | client | 0.3 | phones and PCs randomise their Wi-Fi MAC per network (TRAILCAM's second Android) |
/// | Reached an app-side vendor host name | client | 0.6 | the reference lists those names as used by the app or portal, not the device |
/// | Pulled video from a local camera, or received a local camera's one-way UDP stream | client | 0.35 | a viewer (an NVR does too, but it announces itself): REOLINK's client; DLINK's phone received the camera's 1.2 MB LAN stream |
/// | Opened a session to a local smart-home device (a host that reaches an `iot-cloud`, or answers Tuya's LAN protocol on TCP 6668) | client | 0.35 | the phone controlling the bridge, hub or sensor on the LAN: HUE (HTTPS to the bridge), TUYA (TCP 6668 to the sensor), SMARTTHINGS |
/// | Reached a phone or computer operating-system service (`os-service`: Google Play, FCM push, Apple push, captive-portal checks) | client | 0.4 | KASA's Android phone (play.googleapis.com); a camera has no app store or mobile push channel |
/// | Searched for devices (WS-Discovery Probe, SSDP M-SEARCH other than a gateway) | client | 0.25 | apps, VMS and recorders search, cameras answer: TRAILCAM (WS-Discovery), HUE's phone (ssdp:all) |
/// | 20 or more distinct internet hosts | client | 0.4 | a camera talks to a handful; XIAOMI's phone reaches dozens |
/// | Relay download 1 MB+ and 4x the upload | client | 0.4 | the app pulls video from the relay |
public enum AttributionWeights {
    public static let decisionThreshold = 0.3
    public static let announcedTypeCap = 0.9
    public static let cs2DeviceLogin = 0.9
    public static let cs2ClientRequest = 0.5
    public static let servesVideo = 0.5
    public static let mediaUpload = 0.5
    public static let mediaUploadMinimumBytes = 256_000
    public static let mediaUploadRatio = 10
    public static let cameraCloudName = 0.4
    public static let iotCloud = 0.5
    public static let gatewaySearch = 0.3
    public static let cameraHostName = 0.35
    public static let cameraHostNameWords = ["camera", "doorbell"]
    public static let cameraMakerMAC = 0.25
    public static let generalPurposeDHCPCap = 0.25
    public static let randomMAC = 0.3
    public static let appHostName = 0.6
    public static let pullsVideo = 0.35
    public static let osService = 0.4
    public static let controlsSmartHome = 0.35
    public static let searchesForCameras = 0.25
    public static let manyDestinations = 0.4
    public static let manyDestinationsFrom = 20
    public static let onlyRelays = 0.3
    public static let onlyRelaysAtMost = 8
    public static let relayDirection = 0.4
    public static let relayDirectionMinimumBytes = 1_000_000
    public static let relayDirectionRatio = 4
}
