// swift-tools-version:6.0
// QLVB — Hệ thống Quản lý văn bản và điều hành. Seven services over AMQP, each with its own schema.
import PackageDescription

let services = ["Intake", "Routing", "Signing", "Numbering", "Dispatch", "Archive", "Notifications"]

let nio = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hbTesting = Target.Dependency.product(name: "HummingbirdTesting", package: "hummingbird")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let mustache = Target.Dependency.product(name: "Mustache", package: "swift-mustache")
let httpClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")

var targets: [Target] = [
    // C libraries named by the customer's design: only the wrapper modules below import them.
    .systemLibrary(name: "CRabbitMQ", path: "Shared/CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),
    .systemLibrary(name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .systemLibrary(name: "CLibXML2", path: "Shared/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(name: "COpenSSL", path: "Shared/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CCairo", path: "Shared/CCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
    // Tesseract OCR with Leptonica (Debian libtesseract-dev; the Vietnamese model is tesseract-ocr-vie).
    .systemLibrary(name: "CTesseract", path: "Shared/CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),
    .systemLibrary(name: "CDeflate", path: "Shared/CDeflate", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CPoppler", path: "Shared/CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),

    // One Swift wrapper per C library; services use these and never a C module.
    .target(name: "OpenSSLSupport", dependencies: ["COpenSSL"], path: "Shared/OpenSSLSupport"),
    .target(name: "ZlibSupport", dependencies: ["CDeflate"], path: "Shared/ZlibSupport"),
    .target(name: "Drawing", dependencies: ["CCairo"], path: "Shared/Drawing"),
    .target(name: "OCR", dependencies: ["CTesseract"], path: "Shared/OCR"),
    // The text of PDFs for the archive's search index (poppler through its GLib interface).
    .target(name: "PDFText", dependencies: ["CPoppler"], path: "Shared/PDFText"),

    .target(name: "Contracts", path: "Shared/Contracts"),
    .target(name: "AMQP", dependencies: ["CRabbitMQ", log], path: "Shared/AMQP"),
    .target(name: "Storage", dependencies: ["CLibPQ", log, nio, nioPosix, lifecycle], path: "Shared/Storage"),
    .target(name: "BlobStore", dependencies: ["Contracts", crypto, log], path: "Shared/BlobStore"),
    .target(name: "Auth", dependencies: [.product(name: "JWTKit", package: "jwt-kit"), crypto], path: "Shared/Auth"),
    .target(name: "EdXML", dependencies: ["CLibXML2", "OpenSSLSupport", "ZlibSupport", "Contracts"], path: "Shared/EdXML"),
    // PDFSign keeps COpenSSL for what only it needs: CMS, PKCS#12, PKCS#11 and timestamp structures.
    .target(name: "PDFSign", dependencies: ["COpenSSL", "OpenSSLSupport", "ZlibSupport", "Drawing"], path: "Shared/PDFSign"),
    // Working-day calendar (lịch làm việc): announced holidays as data, lunar holidays computed for other years.
    .target(name: "WorkingDays", path: "Shared/WorkingDays", resources: [.copy("Calendars")]),
    .target(name: "Messaging", dependencies: ["AMQP", "Storage", "Contracts", log, metrics, lifecycle], path: "Shared/Messaging"),
    // The one HTTP client of a process that talks to the document axis (dispatch's sends, intake's poller).
    .target(
        name: "AxisHTTP",
        dependencies: [
            "OpenSSLSupport", .product(name: "AsyncHTTPClient", package: "async-http-client"), nio,
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOFoundationCompat", package: "swift-nio"), log, lifecycle,
        ],
        path: "Shared/AxisHTTP"),
    .target(
        name: "ServiceKit",
        dependencies: [
            "Messaging", "Storage", "Auth", "BlobStore", "Contracts", log, metrics, lifecycle, hummingbird, nio,
            .product(name: "Prometheus", package: "swift-prometheus"),
        ],
        path: "Shared/ServiceKit"),

    // The signing benchmarks (in-process signatures/s, service throughput), outside the production `signing`.
    .executableTarget(
        name: "SigningBench",
        dependencies: ["PDFSign", "AMQP", "Messaging", "BlobStore", "Contracts", "Auth", log, .product(name: "ArgumentParser", package: "swift-argument-parser")],
        path: "Benchmarks/SigningBench"),
    .executableTarget(name: "PlatformBench", dependencies: ["Messaging", "Storage", "AMQP", "ServiceKit", "Contracts"], path: "Benchmarks/PlatformBench"),
    .executableTarget(name: "TestWorker", dependencies: ["Messaging", "Storage", "ServiceKit"], path: "Tests/Support/TestWorker"),
    // Shared by the integration tests: endpoints of the real broker and database, polling helpers.
    .target(name: "TestSupport", dependencies: ["AMQP", "Storage", "Messaging", "Contracts", log], path: "Tests/Support/TestSupport"),
    // Operators' command line: tokens for scripts and (later) dead-letter administration.
    .executableTarget(
        name: "QLVBCtl", dependencies: ["Auth", "Contracts", "Messaging", "Storage", "BlobStore", crypto, .product(name: "ArgumentParser", package: "swift-argument-parser")],
        path: "Tools/QLVBCtl"),
    // Development tool, not part of the product: plays the document axis for the demo and the tests.
    .executableTarget(
        name: "AxisSimulator",
        dependencies: [
            "EdXML", "Contracts", "AxisHTTP", "OpenSSLSupport", hummingbird, nio, nioPosix, .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Tools/AxisSimulator"),

    // The web interface (giao diện web): server-rendered pages over the services' HTTP APIs; no tables, no events.
    .executableTarget(
        name: "WebService", dependencies: ["WebSite", "ServiceKit", "Auth", hummingbird, httpClient, log],
        path: "Services/Web/Executable"),
    .target(
        name: "WebSite",
        dependencies: ["Auth", "WorkingDays", hummingbird, mustache, httpClient, crypto, log, nio, .product(name: "NIOHTTP1", package: "swift-nio")],
        path: "Services/Web/Site", resources: [.copy("Templates"), .copy("Static")]),
    .testTarget(name: "WebTests", dependencies: ["WebSite", "Auth", hbTesting], path: "Tests/WebTests"),

    // The axis SDK's wire format (signed headers, HMAC, answers) against the protocol's worked example; no network.
    .testTarget(name: "AxisHTTPTests", dependencies: ["AxisHTTP"], path: "Tests/AxisHTTPTests"),
    .testTarget(name: "CLibraryWrapperTests", dependencies: ["OpenSSLSupport", "ZlibSupport", "Drawing"], path: "Tests/CLibraryWrapperTests"),
    .testTarget(name: "ContractsTests", dependencies: ["Contracts"], path: "Tests/ContractsTests", exclude: ["Golden"]),
    .testTarget(name: "StorageTests", dependencies: ["Storage"], path: "Tests/StorageTests"),
    .testTarget(name: "BlobStoreTests", dependencies: ["BlobStore", "TestSupport"], path: "Tests/BlobStoreTests"),
    .testTarget(name: "AuthTests", dependencies: ["Auth", "ServiceKit", hbTesting], path: "Tests/AuthTests"),
    .testTarget(name: "MessagingTests", dependencies: ["Messaging", "Storage", "AMQP", "Contracts", "TestSupport"], path: "Tests/MessagingTests"),
    .testTarget(name: "IntakeTests", dependencies: ["IntakeService", "TestSupport", "EdXML", "BlobStore", "OpenSSLSupport", "AxisHTTP", hbTesting], path: "Tests/IntakeTests"),
    // Dispatch's axis client against the axis simulator (the built `axis-sim`); outgoing documents into intake.
    .testTarget(
        name: "DispatchTests",
        dependencies: ["DispatchService", "IntakeService", "AxisHTTP", "TestSupport", "EdXML", "Contracts", "Messaging", "Storage", "BlobStore", "OpenSSLSupport", "AMQP"],
        path: "Tests/DispatchTests"),
    .testTarget(
        name: "NumberingTests",
        dependencies: ["NumberingService", "TestSupport", "Drawing", "CTesseract", hbTesting, .product(name: "AsyncHTTPClient", package: "async-http-client")],
        path: "Tests/NumberingTests"),
    .testTarget(
        name: "ArchiveTests", dependencies: ["ArchiveService", "NotificationsService", "TestSupport", "Auth", "BlobStore", hbTesting], path: "Tests/ArchiveTests"),
    .testTarget(name: "SigningTests", dependencies: ["SigningService", "TestSupport", "PDFSign", "Auth"], path: "Tests/SigningTests"),
    .testTarget(name: "EdXMLTests", dependencies: ["EdXML", "Contracts", "OpenSSLSupport", "TestSupport"], path: "Tests/EdXMLTests"),
    // Fuzz/: the libFuzzer entry point and seed corpus scripts/fuzz-pdf builds, not tests.
    .testTarget(name: "PDFSignTests", dependencies: ["PDFSign", "TestSupport"], path: "Tests/PDFSignTests", exclude: ["Fuzz"]),
    // Archive search: Vietnamese with or without diacritics, PDF text, need to know, read-your-writes.
    .testTarget(
        name: "ArchiveSearchTests", dependencies: ["ArchiveService", "PDFText", "Drawing", "TestSupport", "Auth", "BlobStore", hbTesting],
        path: "Tests/ArchiveSearchTests"),
    .testTarget(name: "WorkingDaysTests", dependencies: ["WorkingDays"], path: "Tests/WorkingDaysTests"),
    .testTarget(name: "RoutingTests", dependencies: ["RoutingService", "TestSupport", "Auth", "WorkingDays", "BlobStore", crypto, hbTesting], path: "Tests/RoutingTests"),
    // Routing's rules and commands alone: neither HTTP nor PostgreSQL nor a broker.
    .testTarget(name: "RoutingUnitTests", dependencies: ["RoutingService", "Auth", "Contracts"], path: "Tests/RoutingUnitTests"),
    .testTarget(name: "ServiceKitTests", dependencies: ["ServiceKit", "Messaging", "Auth", "TestSupport", hbTesting], path: "Tests/ServiceKitTests"),
    // infra/: the exported broker topology and the operational metrics, against the built services and the real broker.
    .testTarget(
        name: "InstallationTests",
        dependencies: ["IntakeService", "RoutingService", "SigningService", "NumberingService", "DispatchService", "ArchiveService",
                       "NotificationsService", "ServiceKit", "Storage", "TestSupport"],
        path: "Tests/InstallationTests"),
    .testTarget(name: "InfraTests", dependencies: ["ServiceKit", "Messaging", "AMQP", "TestSupport"], path: "Tests/InfraTests"),
]

let serviceDependencies: [String: [Target.Dependency]] = [
    "Intake": ["EdXML", "BlobStore", "PDFSign", "OpenSSLSupport", "AxisHTTP"],
    "Numbering": ["Drawing", "BlobStore", "OCR", "PDFText"],
    "Archive": ["Auth", "BlobStore", "PDFText"],
    "Signing": ["Auth", "PDFSign", "BlobStore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
    "Dispatch": ["EdXML", "BlobStore", "AxisHTTP", "OpenSSLSupport", "WorkingDays"],
    "Routing": ["Auth", "WorkingDays", "BlobStore", "OpenSSLSupport", "PDFSign", crypto, .product(name: "ZIPFoundation", package: "ZIPFoundation")],
]
for name in services {
    // Module names end in "Service": a module named Dispatch would clash with the system library.
    targets.append(.executableTarget(
        name: "\(name)Service", dependencies: ["ServiceKit", "Messaging", "Storage", "Contracts"] + (serviceDependencies[name] ?? []),
        path: "Services/\(name)"))
}

let package = Package(
    name: "qlvb",
    platforms: [.macOS(.v15)],
    products: services.map { .executable(name: $0.lowercased(), targets: ["\($0)Service"]) } + [
        .executable(name: "qlvb-bench", targets: ["PlatformBench"]),
        .executable(name: "signing-bench-runner", targets: ["SigningBench"]),
        .executable(name: "qlvb-testworker", targets: ["TestWorker"]),
        .executable(name: "axis-sim", targets: ["AxisSimulator"]),
        .executable(name: "qlvbctl", targets: ["QLVBCtl"]),
        .executable(name: "web", targets: ["WebService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        // Outgoing HTTP (the axis; the web interface's calls to the services): FoundationNetworking's URLSession kept
        // ~150 bytes per request (issue 16, point 8).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The web interface's Mustache templates.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The leaver's archive (one ZIP, ZIP64 for large ones).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: targets
)
