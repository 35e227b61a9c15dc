// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: each module uses only modules listed above it.
//   CamAuditCore                  the model (addresses, targets, reports, findings); no I/O
//   CamAuditCatalog               the bundled data files and their lint              -> Core
//   CamAuditDiscoveryProtocols    SADP, DHDiscover, WS-Discovery, SSDP, mDNS parsers -> Core
//   CamAuditDiscovery             TCP sweep, UDP discovery, target resolution        -> Core, DiscoveryProtocols
//   CamAuditProbes                service probes (HTTP, RTSP, TLS, banners)          -> Core
//   CamAuditIdentification        evidence fusion: maker, model, firmware, type      -> Core, Catalog
//   CamAuditVerdicts              ban verdicts, risk scores, replacement plan        -> Core, Catalog
//   CamAuditChecks                the security checks                                -> Core, Catalog, Probes
//   CamAuditTraffic               captures, flows, phone-home findings, firewall     -> Core, Catalog, DiscoveryProtocols, Identification, Verdicts
//   CamAuditReports, CamAuditStore   report formats; the scan database               -> Core
//   CamAuditScanner               one scan, end to end                               -> Core, Catalog, Discovery, Probes, Identification, Checks, Verdicts
//   CamAuditLab                   the emulated devices (tests, demo, bench)          -> Core, Probes
//   CamAuditAlerts                alerts between scans; webhook, syslog, SMTP        -> Core, Reports
//   CamAuditServer                `camaudit serve`: API, dashboard, scans, schedules, alerts -> Core, Reports, Store, Scanner, Alerts
//   camaudit, camaudit-bench      the command line and the benchmarks                -> the modules they use above
// Linux only: the sweep uses epoll (CEpoll) and captures use libpcap.
let package = Package(
    name: "camaudit",
    products: [
        .executable(name: "camaudit", targets: ["camaudit"]),
        .executable(name: "camaudit-bench", targets: ["camaudit-bench"]),
        // The parser modules, for the fuzz harnesses of Fuzz/Package.swift (a separate package built with -sanitize=fuzzer).
        .library(name: "CamAuditCore", targets: ["CamAuditCore"]),
        .library(name: "CamAuditCatalog", targets: ["CamAuditCatalog"]),
        .library(name: "CamAuditDiscoveryProtocols", targets: ["CamAuditDiscoveryProtocols"]),
        .library(name: "CamAuditProbes", targets: ["CamAuditProbes"]),
        .library(name: "CamAuditChecks", targets: ["CamAuditChecks"]),
        .library(name: "CamAuditTraffic", targets: ["CamAuditTraffic"]),
        .library(name: "CamAuditScanner", targets: ["CamAuditScanner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        .target(name: "CamAuditCore"),
        .target(
            name: "CamAuditCatalog",
            dependencies: ["CamAuditCore"],
            resources: [.copy("data")]
        ),
        .target(name: "CEpoll"),
        .target(name: "CamAuditDiscoveryProtocols", dependencies: ["CamAuditCore"]),
        .target(
            name: "CamAuditDiscovery",
            dependencies: ["CamAuditCore", "CamAuditDiscoveryProtocols", "CEpoll"]
        ),
        .target(
            name: "CamAuditProbes",
            dependencies: [
                "CamAuditCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .target(
            name: "CamAuditIdentification",
            dependencies: ["CamAuditCore", "CamAuditCatalog"]
        ),
        .target(
            name: "CamAuditChecks",
            dependencies: [
                "CamAuditCore", "CamAuditCatalog", "CamAuditProbes",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "CamAuditVerdicts", dependencies: ["CamAuditCore", "CamAuditCatalog"]),
        .target(name: "CamAuditReports", dependencies: ["CamAuditCore"]),
        .systemLibrary(name: "CLibpcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CMaxMindDB", pkgConfig: "libmaxminddb", providers: [.apt(["libmaxminddb-dev"])]),
        .target(
            name: "CamAuditTraffic",
            dependencies: [
                "CamAuditCore", "CamAuditCatalog", "CamAuditDiscoveryProtocols", "CamAuditIdentification", "CamAuditVerdicts", "CLibpcap",
                "CMaxMindDB",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "CamAuditStore",
            dependencies: ["CamAuditCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "CamAuditServer",
            dependencies: [
                "CamAuditCore", "CamAuditReports", "CamAuditStore", "CamAuditScanner", "CamAuditDiscovery", "CamAuditAlerts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("openapi.json"), .copy("Templates")]
        ),
        .target(
            name: "CamAuditAlerts",
            dependencies: [
                "CamAuditCore", "CamAuditReports",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "CamAuditScanner",
            dependencies: [
                "CamAuditCore", "CamAuditCatalog", "CamAuditDiscoveryProtocols", "CamAuditDiscovery", "CamAuditProbes",
                "CamAuditIdentification", "CamAuditChecks", "CamAuditVerdicts",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CamAuditLab",
            dependencies: [
                "CamAuditCore", "CamAuditProbes", "CLibpcap",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Profiles")]
        ),
        .executableTarget(
            name: "camaudit",
            dependencies: [
                "CamAuditCore", "CamAuditCatalog", "CamAuditDiscovery", "CamAuditIdentification", "CamAuditChecks", "CamAuditTraffic",
                "CamAuditReports", "CamAuditStore", "CamAuditScanner", "CamAuditLab", "CamAuditVerdicts",
                "CamAuditServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "camaudit-bench",
            dependencies: [
                "CamAuditCore", "CamAuditChecks", "CamAuditTraffic", "CamAuditReports", "CamAuditScanner", "CamAuditLab",
                "CamAuditServer", "CamAuditStore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CamAuditCoreTests", dependencies: ["CamAuditCore"]),
        .testTarget(
            name: "CamAuditLabTests",
            dependencies: ["CamAuditLab", "CamAuditTestSupport", .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "CamAuditCatalogTests", dependencies: ["CamAuditCatalog", "CamAuditTestSupport"]),
        .testTarget(
            name: "CamAuditIdentificationTests", dependencies: ["CamAuditIdentification", "CamAuditCatalog", "CamAuditTestSupport"]),
        .testTarget(
            name: "CamAuditChecksTests",
            dependencies: [
                "CamAuditChecks", "CamAuditCatalog", "CamAuditCore", "CamAuditProbes", "CamAuditLab", "CamAuditTestSupport",
                "CamAuditDiscovery",
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CamAuditDiscoveryTests",
            dependencies: ["CamAuditDiscovery", "CamAuditDiscoveryProtocols", "CamAuditLab", "CamAuditTestSupport"]),
        .testTarget(
            name: "CamAuditDiscoveryProtocolsTests", dependencies: ["CamAuditDiscoveryProtocols", "CamAuditTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "CamAuditProbesTests",
            dependencies: ["CamAuditProbes", "CamAuditLab", "CamAuditTestSupport", .product(name: "NIOPosix", package: "swift-nio")],
            resources: [.copy("Samples")]
        ),
        // What the tests share: the lab session and addresses, the child-process runner, the golden-file switch.
        .target(name: "CamAuditTestSupport", dependencies: ["CamAuditCore", "CamAuditLab", "CamAuditScanner"], path: "Tests/Support"),
        .testTarget(name: "CamAuditReportsTests", dependencies: ["CamAuditReports", "CamAuditTestSupport"], resources: [.copy("Golden")]),
        .testTarget(name: "CamAuditStoreTests", dependencies: ["CamAuditStore"]),
        .testTarget(
            name: "CamAuditServerTests",
            dependencies: [
                "CamAuditServer", "CamAuditStore", "CamAuditCore", "CamAuditAlerts", "CamAuditTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "CamAuditAlertsTests",
            dependencies: [
                "CamAuditAlerts", "CamAuditCore", "CamAuditTestSupport", "CamAuditTraffic",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "CamAuditTrafficTests",
            dependencies: [
                "CamAuditTraffic", "CamAuditCatalog", "CamAuditCore", "CamAuditIdentification", "CamAuditTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Captures")]
        ),
        .testTarget(
            name: "CamAuditVerdictsTests",
            dependencies: [
                "CamAuditVerdicts", "CamAuditCatalog", "CamAuditCore", "CamAuditTestSupport", "CamAuditScanner", "CamAuditChecks",
                "CamAuditLab",
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CamAuditCLITests",
            dependencies: ["CamAuditCore", "CamAuditLab", "CamAuditStore", "CamAuditTestSupport"],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "CamAuditScannerTests",
            dependencies: [
                "CamAuditScanner", "CamAuditCore", "CamAuditCatalog", "CamAuditChecks", "CamAuditDiscovery", "CamAuditProbes",
                "CamAuditLab",
                "CamAuditTestSupport",
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "CamAuditTestSupportTests", dependencies: ["CamAuditTestSupport", "CamAuditCore", "CamAuditLab"]),
        .testTarget(
            name: "CamAuditEndToEndTests",
            dependencies: [
                "CamAuditScanner", "CamAuditLab", "CamAuditReports", "CamAuditStore", "CamAuditCatalog", "CamAuditChecks",
                "CamAuditVerdicts", "CamAuditTestSupport", "CamAuditTraffic", "CamAuditIdentification",
            ]
        ),
    ]
)
