// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "track",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "track", targets: ["track"]),
        .library(name: "Tracker", targets: ["Tracker"]),
        .library(name: "Plugins", targets: ["Plugins"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        /// The system libyaml (Debian: libyaml-dev), our only YAML parser.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        /// The core: YAML reader, model, workspace loading and reports. Knows no particular plugin.
        .target(name: "Tracker", dependencies: ["CYAML", .product(name: "GRDB", package: "GRDB.swift")]),
        /// The one system call Swift cannot make (prctl is variadic): orphans of plugins become track's to stop.
        .target(name: "CProcessControl"),
        /// The built-in evaluator plugins.
        .target(name: "Plugins", dependencies: ["Tracker", "CProcessControl"]),
        /// The command-line tool: parses flags, calls Tracker, prints.
        .executableTarget(
            name: "track",
            dependencies: [
                "Tracker",
                "Plugins",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// Release-build benchmark of the YAML loader against a bare libyaml event loop.
        .executableTarget(name: "TrackBenchmark", dependencies: ["Tracker", "Plugins", "CYAML"]),
        /// Simulated forecasts with known outcomes, reference estimators and the real-data backtest.
        .target(name: "Calibration", dependencies: ["Tracker", "Plugins"]),
        /// Release-build benchmark of the verdicts' calibration: prints the figures beside the references.
        .executableTarget(name: "TrackCalibration", dependencies: ["Calibration", "Tracker"]),
        /// Seeded mutation fuzzer over the YAML reader, the file readers, the loader and the engine (scripts/fuzz.sh).
        .executableTarget(name: "TrackFuzz", dependencies: ["Tracker", "Plugins"]),
        .testTarget(name: "TrackerTests", dependencies: ["Tracker"]),
        .testTarget(name: "PluginsTests", dependencies: ["Plugins", "Tracker", "Calibration"]),
        .testTarget(name: "trackTests", dependencies: ["track"]),
    ],
    swiftLanguageModes: [.v6]
)
