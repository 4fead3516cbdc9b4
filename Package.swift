// swift-tools-version: 6.0
import PackageDescription

// One module per layer, so the compiler keeps the architecture (docs/architecture.md): each module
// imports only modules below it in this list. Built and tested on Linux (Debian, Swift 6); the
// process supervisor's Linux-only calls sit behind one platform file in TrackExec.
let package = Package(
    name: "track",
    products: [
        .executable(name: "track", targets: ["track"]),
        .library(name: "TrackCore", targets: ["TrackCore"]),
        .library(name: "TrackEngine", targets: ["TrackEngine"]),
        .library(name: "TrackDomain", targets: ["TrackDomain"]),
        .library(name: "TrackExec", targets: ["TrackExec"]),
        .library(name: "TrackEvaluators", targets: ["TrackEvaluators"]),
        .library(name: "Tracker", targets: ["Tracker"]),
        .library(name: "TrackCalibration", targets: ["TrackCalibration"]),
        // The bare libyaml event loop the loader benchmark (Tools/) measures against.
        .library(name: "CYAML", targets: ["CYAML"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        /// The system libyaml (Debian: libyaml-dev), our only YAML parser.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        /// The one system call Swift cannot make (prctl is variadic): orphans of plugins become track's to stop.
        .target(name: "CProcessControl"),
        /// libcurl, loaded at run time (the library URLSession itself uses on Linux), for downloads whose
        /// size and time track bounds byte by byte: no unpacking, no redirect it did not decide.
        .target(name: "CHTTPTransfer", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        /// The YAML reader, the data model, diagnostics, guarded file access and the workspace loader.
        /// Names no evaluator, no source, no history store.
        .target(name: "TrackCore", dependencies: ["CYAML"]),
        /// What an evaluator needs and nothing more: the Evaluator protocol, the forecast and indicator
        /// views, the as-of data view, series selection and models, statistics; the engine that runs them.
        .target(name: "TrackEngine", dependencies: ["TrackCore"]),
        /// The catalog (accelerators, architectures) and the training-compute and inference-cost models.
        .target(name: "TrackDomain", dependencies: ["TrackCore", "TrackEngine"]),
        /// External programs: the supervisor, trust (SHA-256 from swift-crypto), the exec protocol.
        .target(
            name: "TrackExec",
            dependencies: ["TrackCore", "CProcessControl", .product(name: "Crypto", package: "swift-crypto")]
        ),
        /// The built-in evaluators, in folders by kind, and the list that registers them.
        .target(name: "TrackEvaluators", dependencies: ["TrackCore", "TrackEngine", "TrackDomain", "TrackExec"]),
        /// The workflows: edits, evaluate-and-record, import and update, history, scoring, reports, init.
        .target(
            name: "Tracker",
            dependencies: [
                "TrackCore", "TrackEngine", "TrackDomain", "TrackExec", "TrackEvaluators", "CHTTPTransfer",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// The command-line tool: parses flags, calls one workflow, prints.
        .executableTarget(
            name: "track",
            dependencies: ["Tracker", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        /// Simulated forecasts with known outcomes, reference estimators and the real-data backtest.
        .target(name: "TrackCalibration", dependencies: ["TrackCore", "TrackEngine", "TrackEvaluators", "Tracker"]),
        /// Fixtures and the `track` process runner shared by the test targets.
        .target(name: "TestSupport", dependencies: ["TrackCore"], path: "Tests/TestSupport"),
        .testTarget(name: "TrackCoreTests", dependencies: ["TrackCore", "TestSupport"]),
        .testTarget(name: "TrackEngineTests", dependencies: ["TrackEngine", "TrackEvaluators", "TestSupport"]),
        .testTarget(
            name: "TrackEvaluatorsTests",
            dependencies: ["TrackEvaluators", "TrackDomain", "TrackEngine", "TrackCalibration", "TestSupport"]
        ),
        .testTarget(name: "TrackExecTests", dependencies: ["TrackExec", "TestSupport"]),
        .testTarget(name: "TrackerTests", dependencies: ["Tracker", "TestSupport"]),
        .testTarget(name: "trackTests", dependencies: ["track", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
