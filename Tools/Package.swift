// swift-tools-version: 6.0
import PackageDescription

// Tools for track's developers, not built for users: `swift build` of the main package leaves them out.
// Run from the repository's root, e.g. `swift run --package-path Tools -c release TrackBenchmark`.
let package = Package(
    name: "TrackTools",
    dependencies: [
        .package(name: "track", path: "..")
    ],
    targets: [
        /// Release-build benchmark of the YAML loader against a bare libyaml event loop, and of the commands.
        .executableTarget(
            name: "TrackBenchmark",
            dependencies: [
                .product(name: "TrackCore", package: "track"),
                .product(name: "TrackEngine", package: "track"),
                .product(name: "TrackEvaluators", package: "track"),
                .product(name: "Tracker", package: "track"),
                .product(name: "CYAML", package: "track"),
            ]
        ),
        /// Release-build benchmark of the verdicts' calibration: prints the figures beside the references.
        .executableTarget(
            name: "TrackCalibrationBenchmark",
            dependencies: [
                .product(name: "TrackCalibration", package: "track"),
                .product(name: "TrackCore", package: "track"),
                .product(name: "TrackEngine", package: "track"),
            ]
        ),
        /// Release-build benchmark of the cost models: the calibration tables in sample and left out by publication.
        .executableTarget(
            name: "TrackCostModelBenchmark",
            dependencies: [
                .product(name: "TrackCore", package: "track"),
                .product(name: "TrackDomain", package: "track"),
            ]
        ),
        /// Seeded mutation fuzzer over the YAML reader, the file readers, the loader and the engine (scripts/fuzz.sh).
        .executableTarget(
            name: "TrackFuzz",
            dependencies: [
                .product(name: "TrackCore", package: "track"),
                .product(name: "TrackEngine", package: "track"),
                .product(name: "TrackEvaluators", package: "track"),
                .product(name: "Tracker", package: "track"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
