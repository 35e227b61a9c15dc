import CamAuditCore
import Foundation

/// A fixed scan: the golden files below are this scan rendered.
enum FixedScan {
    static var report: ScanReport {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let hikvision = Identity(
            manufacturer: "Hikvision", brand: "LTS", model: "DS-2CD2385G1-I", firmware: "V5.5.800 build 210628", deviceType: .camera,
            confidence: 0.9912,
            evidence: [
                Evidence(
                    fingerprint: "hikvision.isapi.sessionlogincap", field: .hikvisionISAPI,
                    value: "<SessionLoginCap version=\"2.0\" xmlns=\"http://www.std-cgi.com/ver20/XMLSchema\">",
                    port: 80, probe: "GET /ISAPI/Security/sessionLogin/capabilities?username=admin", claims: ["manufacturer": "Hikvision"],
                    weight: 0.95),
                Evidence(
                    fingerprint: "lts.http.title", field: .httpTitle, value: "LTS Network Camera", port: 80, probe: "GET /",
                    claims: ["brand": "LTS"], weight: 0.6),
            ],
            conflicts: [Conflict(attribute: "manufacturer", chosen: "Hikvision", rejected: ["Generic"])])
        let dahua = Identity(manufacturer: "Dahua", model: "IPC-HFW2228M-I1-V2", deviceType: .camera, confidence: 0.9)
        let devices = [
            DeviceReport(
                address: IPAddress("127.42.0.3")!,
                ports: [PortService(port: 80, service: "http", detail: "no Server header"), PortService(port: 554, service: "rtsp")],
                identity: hikvision, observations: [Observation(field: .httpTitle, value: "LTS Network Camera", port: 80, probe: "GET /")]),
            DeviceReport(
                address: IPAddress("127.42.0.2")!, ports: [PortService(port: 37777, service: "dahua-dvrip")], identity: dahua,
                notes: ["port 80: no answer within 3 s"]),
            DeviceReport(
                address: IPAddress("::1")!, ports: [PortService(port: 8080, service: "http", detail: "nginx/1.22.1")],
                identity: Identity(deviceType: .other, confidence: 0.8)),
        ]
        let metadata = ScanMetadata(
            id: "20261121T101010-1a2b3c", version: "0.1.0", startedAt: start, finishedAt: start.addingTimeInterval(12.5),
            targets: ["127.42.0.0/24", "::1"], exclusions: ["127.42.0.1"], ports: [80, 554, 8080, 37777], addressesScanned: 256,
            probesSent: 1024, status: .completed, notes: ["1 host answered slowly"])
        return ScanReport(scan: metadata, devices: devices)
    }

    /// The fixed scan after checks and verdicts: findings, compliance verdicts, risk scores and a plan, all
    /// built by hand, plus a fourth device (an Axis camera to patch). The golden files of the CSV, markdown,
    /// HTML and CycloneDX reports are this scan rendered.
    static var assessed: ScanReport {
        var report = FixedScan.report
        let ndaa = "NDAA FY2019 section 889 (Pub. L. 115-232), as of 2026-08-01"
        let fcc = "FCC Covered List (47 CFR 1.50002), as of 2026-08-01"
        // What the compliance data files say about each maker, as the judge records it next to the basis.
        func fccListing(_ entity: String? = nil) -> ComplianceVerdict.Listing {
            ComplianceVerdict.Listing(
                title: "FCC Covered List", url: "https://www.fcc.gov/supplychain/coveredlist", asOf: "2026-08-01",
                entity: entity, since: entity == nil ? nil : "2021-03-12")
        }
        func ndaaListing(_ entity: String? = nil) -> ComplianceVerdict.Listing {
            ComplianceVerdict.Listing(
                title: "NDAA FY2019 §889", url: "https://www.govinfo.gov/content/pkg/PLAW-115publ232/pdf/PLAW-115publ232.pdf",
                asOf: "2026-08-01",
                entity: entity, provision: entity == nil ? nil : "§889(f)(3)(B)", since: entity == nil ? nil : "2018-08-13")
        }
        var devices = report.devices
        // 127.42.0.2: Dahua by name only.
        devices[0].findings = [
            Finding(
                id: "upnp-enabled", title: "UPnP enabled", severity: .low, kind: .hygiene, decidedBy: .other("ssdp"),
                evidence: ["SSDP answered on 1900/udp: urn:schemas-upnp-org:device:Basic:1"],
                remediation: "Turn UPnP off in the device's network settings.")
        ]
        let dahua = ComplianceVerdict.Maker(name: "Dahua", evidence: "web or stream banner", seenIn: ["TCP banner"])
        devices[0].compliance = [
            ComplianceVerdict(
                ruleSet: "fcc-covered-list", status: .covered, confidence: 0.7,
                basis: ["maker Dahua from the DVRIP banner on 37777/tcp; no firmware-level proof"], rule: fcc,
                maker: dahua, listing: fccListing("Dahua Technology Company (and its subsidiaries and affiliates)")),
            ComplianceVerdict(
                ruleSet: "ndaa-889", status: .covered, confidence: 0.7,
                basis: ["maker Dahua from the DVRIP banner on 37777/tcp; no firmware-level proof"], rule: ndaa,
                maker: dahua, listing: ndaaListing("Dahua Technology Company (or any subsidiary or affiliate)")),
        ]
        devices[0].risk = RiskScore(
            score: 45, level: .high,
            items: [
                .init(reason: "maker named by NDAA 889 and the FCC Covered List", points: 35, source: "ndaa-889"),
                .init(reason: "UPnP enabled", points: 10, source: "upnp-enabled"),
            ])
        // 127.42.0.3: a Hikvision camera sold as LTS, vulnerable, default password, open stream.
        devices[1].findings = [
            Finding(
                id: "CVE-2021-36260", title: "Hikvision web server command injection", severity: .critical, kind: .vulnerability,
                decidedBy: .version,
                evidence: [
                    "passive: firmware V5.5.800 build 210628 is in the affected range < V5.5.800 build 210628 for DS-2CD2xx5 (G1)",
                    "CVSS v3 9.8 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CISA KEV: listed since 2022-01-10",
                ],
                remediation: "Update to V5.5.800 build 210628 or later (Hikvision HSRC-202109-01)."),
            Finding(
                id: "default-credentials", title: "Default password accepted", severity: .critical, kind: .credential, decidedBy: .login,
                evidence: ["login accepted as admin:***** via ISAPI digest: 200", "password redacted; --reveal-secrets prints it"],
                remediation: "Change the admin password of this LTS device to a long, unique one."),
            Finding(
                id: "open-rtsp-stream", title: "Video stream readable without a password", severity: .high, kind: .stream,
                decidedBy: .other("rtsp"),
                evidence: ["DESCRIBE /Streaming/Channels/101 on 554/tcp answered 200 with an H.264 SDP, no credentials"],
                remediation: "Require authentication on RTSP."),
        ]
        let hikvision = ComplianceVerdict.Maker(name: "Hikvision", evidence: "firmware", seenIn: ["ISAPI"])
        devices[1].compliance = [
            ComplianceVerdict(
                ruleSet: "fcc-covered-list", status: .covered, confidence: 0.98,
                basis: ["maker Hikvision from the ISAPI answer (firmware-level proof)", "brand LTS relabels Hikvision (oem-brands.json)"],
                rule: fcc,
                maker: hikvision, listing: fccListing("Hangzhou Hikvision Digital Technology Company (and its subsidiaries and affiliates)")
            ),
            ComplianceVerdict(
                ruleSet: "ndaa-889", status: .covered, confidence: 0.98,
                basis: ["maker Hikvision from the ISAPI answer (firmware-level proof)", "brand LTS relabels Hikvision (oem-brands.json)"],
                rule: ndaa,
                maker: hikvision, listing: ndaaListing("Hangzhou Hikvision Digital Technology Company (or any subsidiary or affiliate)")),
        ]
        devices[1].risk = RiskScore(
            score: 100, level: .critical,
            items: [
                .init(reason: "CISA KEV: CVE-2021-36260", points: 40, source: "CVE-2021-36260"),
                .init(reason: "default password accepted", points: 30, source: "default-credentials"),
                .init(reason: "video stream open", points: 15, source: "open-rtsp-stream"),
                .init(reason: "maker named by NDAA 889 and the FCC Covered List", points: 35, source: "ndaa-889"),
            ])
        // ::1: an unidentified web server.
        devices[2].compliance = [
            ComplianceVerdict(
                ruleSet: "fcc-covered-list", status: .unknown, confidence: 0, basis: ["maker unknown"], rule: fcc, listing: fccListing()),
            ComplianceVerdict(
                ruleSet: "ndaa-889", status: .unknown, confidence: 0, basis: ["maker unknown"], rule: ndaa, listing: ndaaListing()),
        ]
        devices[2].risk = RiskScore(score: 0, level: .none, items: [])
        // 127.42.0.4: an Axis camera with an old firmware, nothing banned.
        var axis = DeviceReport(
            address: IPAddress("127.42.0.4")!, ports: [PortService(port: 80, service: "http", detail: "Axis web server")],
            identity: Identity(
                manufacturer: "Axis", model: "P3245-LVE", firmware: "10.12.100", serial: "ACCC8E123456", mac: "ac:cc:8e:12:34:56",
                deviceType: .camera, confidence: 0.97),
            findings: [
                Finding(
                    id: "CVE-2023-21413", title: "Axis OS VAPIX command injection", severity: .high, kind: .vulnerability,
                    decidedBy: .version,
                    evidence: ["passive: firmware 10.12.100 is in the affected range < 10.12.220 for AXIS OS 10.12 LTS", "CVSS v3 8.0"],
                    remediation: "Update AXIS OS to 10.12.220 or later."),
                Finding(
                    id: "admin-http-only", title: "Web administration only over plain HTTP", severity: .medium, kind: .hygiene,
                    decidedBy: .other("http"),
                    evidence: ["80/tcp serves the login page; no HTTPS port answered"], remediation: "Enable HTTPS and turn plain HTTP off."
                ),
            ])
        let axisMaker = ComplianceVerdict.Maker(name: "Axis", evidence: "firmware", seenIn: ["Axis VAPIX"])
        axis.compliance = [
            ComplianceVerdict(
                ruleSet: "fcc-covered-list", status: .notCovered, confidence: 0.97, basis: ["maker Axis is not named"], rule: fcc,
                maker: axisMaker, listing: fccListing()),
            ComplianceVerdict(
                ruleSet: "ndaa-889", status: .notCovered, confidence: 0.97, basis: ["maker Axis is not named"], rule: ndaa,
                maker: axisMaker, listing: ndaaListing()),
        ]
        axis.risk = RiskScore(
            score: 30, level: .medium,
            items: [
                .init(reason: "CVSS 8.0: CVE-2023-21413", points: 20, source: "CVE-2023-21413"),
                .init(reason: "administration over plain HTTP", points: 10, source: "admin-http-only"),
            ])
        devices.append(axis)
        report.devices = devices.sorted { $0.address < $1.address }
        report.plan = ReplacementPlan(
            entries: [
                .init(
                    address: IPAddress("127.42.0.3")!, group: .replaceNow, score: 100,
                    actions: [
                        "Replace: Hikvision (sold as LTS) is named by NDAA 889 and the FCC Covered List",
                        "Until then: update to V5.5.800 build 210628 or later, change the admin password, require RTSP authentication",
                    ]),
                .init(
                    address: IPAddress("127.42.0.2")!, group: .replaceNow, score: 45,
                    actions: [
                        "Replace: Dahua is named by NDAA 889 and the FCC Covered List", "Until then: turn UPnP off",
                    ]),
                .init(
                    address: IPAddress("127.42.0.4")!, group: .patchNow, score: 30,
                    actions: [
                        "Update AXIS OS to 10.12.220 or later", "Enable HTTPS and turn plain HTTP off",
                    ]),
                .init(address: IPAddress("::1")!, group: .fine, score: 0, actions: []),
            ],
            counts: ["replace-now": 2, "patch-now": 1, "harden": 0, "fine": 1],
            countsBySubnet: ["127.42.0.0/24": ["replace-now": 2, "patch-now": 1], "::/64": ["fine": 1]])
        return report
    }
}
