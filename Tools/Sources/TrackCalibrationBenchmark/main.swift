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
    print("  estimator                                  n     Brier    log     slope   cover80  ≤1%/≥99%  wrong")
    for score in scores {
        let name = score.name.padding(toLength: 40, withPad: " ", startingAt: 0)
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

/// Track's figures with their 95% intervals from the cluster bootstrap, and its Brier score against
/// each honest reference's on the same forecasts (a ratio below 1 is better).
func printIntervals(_ forecasts: [SimulatedForecast], evaluations: [Evaluation], references: [String]) {
    let bootstrap = ClusterBootstrap(forecasts)
    let ours = evaluations.map { $0.probability ?? 0.5 }
    let outcome = forecasts.map { $0.happened ? 1.0 : 0.0 }
    let brier = { (p: [Double], sample: [Int]) in sample.reduce(0) { $0 + pow(p[$1] - outcome[$1], 2) } / Double(sample.count) }
    let range = { (interval: ClosedRange<Double>?) in interval.map { "\(cell($0.lowerBound))-\(cell($0.upperBound))" } ?? "-" }
    let all = Array(forecasts.indices)
    let slope = { (sample: [Int]) in Recalibration(sample.map { (ours[$0], forecasts[$0].happened) })?.slope }
    var parts = [
        "Brier \(cell(brier(ours, all))) (\(range(bootstrap.interval { brier(ours, $0) })))",
        "slope \(cell(slope(all), 2)) (\(range(bootstrap.interval(replicates: 400, slope))))",
    ]
    for name in references {
        let usable = forecasts.indices.filter { forecasts[$0].references[name] != nil }
        guard usable.count == forecasts.count else { continue }
        let theirs = forecasts.map { $0.references[name]!.probability }
        let ratio = { (sample: [Int]) in brier(ours, sample) / max(brier(theirs, sample), 1e-12) }
        parts.append("Brier / \(name) \(cell(ratio(all))) (\(range(bootstrap.interval(ratio))))")
    }
    print("  track, 95% cluster bootstrap over \(bootstrap.count) clusters: " + parts.joined(separator: "; "))
}

/// How far one 50x outlier inserted into each series of 8 points or more moves track's probability.
func printOutlierEffect(_ forecasts: [SimulatedForecast], evaluations: [Evaluation], seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    var chosen: [Int] = []
    var twins: [SimulatedForecast] = []
    for (index, forecast) in forecasts.enumerated() where (forecast.points ?? 0) >= 8 {
        guard let twin = OutlierInsertion.inserting(into: forecast, using: &generator) else { continue }
        chosen.append(index)
        twins.append(twin)
    }
    guard !twins.isEmpty else { return }
    let twinEvaluations = try CalibrationRun.evaluate(twins, in: scratch)
    let moved = twinEvaluations.enumerated().map { position, evaluation in
        abs((evaluation.probability ?? 0.5) - (evaluations[chosen[position]].probability ?? 0.5))
    }
    let sorted = moved.sorted()
    print(
        "  one 50x outlier in each of \(twins.count) series of 8+ points: probability moved by \(cell(sorted[sorted.count / 2])) median, "
            + "\(cell(sorted[min(sorted.count - 1, Int(0.99 * Double(sorted.count)))])) at the 99th percentile, \(cell(sorted.last!)) at most; "
            + "\(moved.count { $0 > 0.15 }) moved more than 0.15")
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
    printIntervals(
        forecasts, evaluations: evaluations,
        references: [
            CalibrationGenerator.randomWalkReference, CalibrationGenerator.trendReference, CalibrationGenerator.constantHazardReference,
        ])
    try printOutlierEffect(forecasts, evaluations: evaluations, seed: seed)
}

// The real-data backtest on Epoch AI's public series.
let data =
    dataDirectory
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/epoch").path
guard FileManager.default.fileExists(atPath: data) else {
    print("\nReal-data backtest skipped: no Epoch AI data at \(data) (pass --data DIR)")
    exit(0)
}
print("\nReal-data backtest: frontier forecasts from Epoch AI's public series (\(data))")
let series = [try PublicSeries.gpqaDiamond(data), try PublicSeries.priceAtMMLU80(data), try PublicSeries.trainingCompute(data)]
for plugin in ["trend", "threshold"] {
    for moment in [RealDataBacktest.Moment.made, .halfway] {
        let forecasts = series.flatMap { RealDataBacktest.forecasts($0, plugin: plugin, moment: moment) }
        let evaluations = try CalibrationRun.evaluate(forecasts, in: scratch)
        let happened = forecasts.count { $0.happened }
        let when = moment == .made ? "made" : "halfway through the window, open forecasts only"
        print("\n\(plugin), assessed when \(when): \(happened) of \(forecasts.count) came true")
        printTable(CalibrationRun.scores(forecasts, evaluations: evaluations))
        printIntervals(forecasts, evaluations: evaluations, references: [RealDataBacktest.honestWalk, RealDataBacktest.alwaysHalf])
    }
    let finals = series.flatMap { RealDataBacktest.forecasts($0, plugin: plugin, moment: .afterDeadline) }
    let verdicts = try CalibrationRun.evaluate(finals, in: scratch)
    let agree = zip(finals, verdicts).count { forecast, evaluation in evaluation.status == (forecast.happened ? .met : .missed) }
    let untestable = verdicts.count { $0.status == .untestable }
    print(
        "\n\(plugin), the day after the deadline: \(agree) of \(finals.count) final verdicts agree with what happened (\(untestable) untestable)"
    )
}
