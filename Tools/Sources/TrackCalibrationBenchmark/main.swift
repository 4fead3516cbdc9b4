import Foundation
import TrackCalibration
import TrackCore
import TrackEngine
import Tracker

// Calibration benchmark: simulated forecasts with known outcomes through the real engine and
// plugins, scored beside honest reference estimators and the generating model; then a backtest on
// Epoch AI's public series. Run: swift run -c release TrackCalibration [--count N] [--seed S] [--data DIR]

var count = 1000
var seed: UInt64 = 2026
var dataDirectory: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--count": count = arguments.popFirst().flatMap { Int($0) } ?? count
    case "--seed": seed = arguments.popFirst().flatMap { UInt64($0) } ?? seed
    case "--data": dataDirectory = arguments.popFirst()
    default:
        FileHandle.standardError.write(Data("usage: TrackCalibration [--count N] [--seed S] [--data DIR]\n".utf8))
        exit(64)
    }
}

func cell(_ value: Double?, _ digits: Int = 3) -> String {
    guard let value, value.isFinite else { return "-" }
    return String(format: "%.\(digits)f", value)
}

func printTable(_ scores: [EstimatorScores]) {
    print("  estimator                      n     Brier    log     slope   cover80  ≤1%/≥99%  wrong")
    for score in scores {
        let name = score.name.padding(toLength: 28, withPad: " ", startingAt: 0)
        print(
            "  \(name) \(String(format: "%5d", score.count))  \(cell(score.brier))  \(cell(score.logScore))  \(cell(score.slope, 2).padding(toLength: 6, withPad: " ", startingAt: 0))  \(cell(score.coverage80, 2).padding(toLength: 7, withPad: " ", startingAt: 0))  \(String(format: "%8d", score.extreme))  \(String(format: "%5d", score.extremeMisses))"
        )
    }
    if let ours = scores.first {
        let bins = ours.bins.map {
            "\(Int($0.lower * 100))-\(Int($0.upper * 100))%: \($0.count) at \(cell($0.meanProbability, 2)) -> \(cell($0.observedFrequency, 2))"
        }
        print("  track's reliability: " + bins.joined(separator: "; "))
    }
}

/// The recalibration slopes of track and of the references by series length: short series are where
/// models can least be told apart.
func printSlopeByLength(_ forecasts: [SimulatedForecast], evaluations: [Evaluation]) {
    let groups: [(name: String, lengths: ClosedRange<Int>)] = [("3-5", 3...5), ("6-10", 6...10), ("11-30", 11...30)]
    guard forecasts.contains(where: { $0.points != nil }) else { return }
    var rows: [String] = []
    for group in groups {
        let chosen = forecasts.indices.filter { forecasts[$0].points.map(group.lengths.contains) ?? false }
        let scores = CalibrationRun.scores(chosen.map { forecasts[$0] }, evaluations: chosen.map { evaluations[$0] })
        rows.append("\(group.name) points (\(chosen.count)): " + scores.map { "\($0.name) \(cell($0.slope, 2))" }.joined(separator: ", "))
    }
    print("  slope by length: " + rows.joined(separator: "; "))
}

let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("track-calibration-\(getpid())").path
defer { try? FileManager.default.removeItem(atPath: scratch) }
print("Calibration on simulated forecasts: \(count) per generator, seed \(seed)")
for generator in CalibrationGenerator.allCases {
    let started = Date()
    let forecasts = generator.forecasts(count: count, seed: seed)
    let evaluations = try CalibrationRun.evaluate(forecasts, in: scratch)
    let happened = forecasts.count { $0.happened }
    print("\n\(generator.rawValue): \(happened) of \(forecasts.count) came true (\(cell(Date().timeIntervalSince(started), 1)) s)")
    printTable(CalibrationRun.scores(forecasts, evaluations: evaluations))
    printSlopeByLength(forecasts, evaluations: evaluations)
}

// The real-data backtest on Epoch AI's public series.
let data =
    dataDirectory
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/epoch").path
guard FileManager.default.fileExists(atPath: data) else {
    print("\nReal-data backtest skipped: no Epoch AI data at \(data) (pass --data DIR)")
    exit(0)
}
print("\nReal-data backtest: frontier forecasts from Epoch AI's public series (\(data))")
let series = [try PublicSeries.gpqaDiamond(data), try PublicSeries.priceAtMMLU80(data), try PublicSeries.trainingCompute(data)]
for plugin in ["trend", "threshold"] {
    for when in ["made", "halfway"] {
        var forecasts: [SimulatedForecast] = []
        for one in series {
            let all = RealDataBacktest.forecasts(one, plugin: plugin)
            forecasts += all.filter { (($0.asOf == $0.made) == (when == "made")) }
        }
        let evaluations = try CalibrationRun.evaluate(forecasts, in: scratch)
        let happened = forecasts.count { $0.happened }
        print(
            "\n\(plugin), assessed when \(when == "made" ? "made" : "halfway through the window"): \(happened) of \(forecasts.count) came true"
        )
        printTable(CalibrationRun.scores(forecasts, evaluations: evaluations))
    }
}
