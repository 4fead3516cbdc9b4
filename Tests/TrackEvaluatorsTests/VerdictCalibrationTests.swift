import Foundation
import TestSupport
import Testing
import TrackCore
import TrackDomain
import TrackEngine
import TrackEvaluators
import TrackExec
import Tracker

@testable import TrackCalibration

/// A small, seeded run of the calibration benchmark (`swift run -c release TrackCalibration` runs
/// the full one): forecasts whose outcomes are known, through the real engine and plugins.
@Suite("Calibration of the verdicts on simulated forecasts")
struct VerdictCalibrationTests {
    @Test(
        "the recalibration slope stays within 0.6-1.6 and no forecast at ≤1% or ≥99% goes the other way",
        arguments: [
            CalibrationGenerator.logLinearNoise, .randomWalk, .thresholdWalk, .hazardRising,
        ])
    func calibrated(generator: CalibrationGenerator) throws {
        let forecasts = generator.forecasts(count: 300, seed: 7)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("track-calibration-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let evaluations = try CalibrationRun.evaluate(forecasts, in: directory)
        let ours = try #require(CalibrationRun.scores(forecasts, evaluations: evaluations).first)
        let slope = try #require(ours.slope)
        #expect(slope >= 0.6 && slope <= 1.6, "slope \(slope)")
        #expect(ours.extremeMisses == 0, "\(ours.extremeMisses) of \(ours.extreme) forecasts at ≤1% or ≥99% went the other way")
        // Every forecast got a probability: none untestable or in error.
        #expect(evaluations.allSatisfy { $0.probability != nil })
    }

    /// Epoch AI's public series, or nil (the test is skipped) when the data are not beside the repository.
    static func publicSeries() throws -> [PublicSeries]? {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/epoch").path
        guard FileManager.default.fileExists(atPath: data) else {
            print("skipped: no Epoch AI data at \(data)")
            return nil
        }
        return [try PublicSeries.gpqaDiamond(data), try PublicSeries.priceAtMMLU80(data), try PublicSeries.trainingCompute(data)]
    }

    @Test("on Epoch AI's public series, frontier forecasts made in the past beat always-0.5 by 15% and the honest walk by 5%")
    func realDataBacktest() throws {
        guard let series = try Self.publicSeries() else { return }
        let forecasts = series.flatMap { RealDataBacktest.forecasts($0, plugin: "trend", moment: .made) }
        try #require(forecasts.count > 100)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("track-backtest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scores = CalibrationRun.scores(forecasts, evaluations: try CalibrationRun.evaluate(forecasts, in: directory))
        let ours = try #require(scores.first { $0.name == CalibrationRun.track })
        let half = try #require(scores.first { $0.name == RealDataBacktest.alwaysHalf })
        let walk = try #require(scores.first { $0.name == RealDataBacktest.honestWalk })
        #expect(ours.brier <= 0.85 * half.brier, "track \(ours.brier), always 0.5 \(half.brier)")
        #expect(ours.brier <= 0.95 * walk.brier, "track \(ours.brier), walk \(walk.brier)")
        #expect(ours.extremeMisses == 0)
    }

    @Test("on the public series, every final verdict agrees with what happened: missed when the front was watched and fell short")
    func finalVerdicts() throws {
        guard let series = try Self.publicSeries() else { return }
        let forecasts = series.flatMap { RealDataBacktest.forecasts($0, plugin: "threshold", moment: .afterDeadline) }
        try #require(forecasts.count > 100 && forecasts.contains { !$0.happened })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("track-backtest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let evaluations = try CalibrationRun.evaluate(forecasts, in: directory)
        let wrong = zip(forecasts, evaluations).filter { $1.status != ($0.happened ? .met : .missed) }
        #expect(wrong.isEmpty, "\(wrong.count) of \(forecasts.count): \(wrong.prefix(3).map { $1.summary })")
    }

    @Test("the halfway backtest keeps only forecasts still open then")
    func halfwayOpenOnly() throws {
        guard let series = try Self.publicSeries() else { return }
        for one in series {
            for forecast in RealDataBacktest.forecasts(one, plugin: "trend", moment: .halfway) {
                let target = try #require(Double(forecast.evaluate.split(separator: "target: ").last!.dropLast()))
                let decided = one.points.contains { point in
                    point.day >= forecast.made && point.day <= forecast.asOf
                        && (one.higherIsBetter ? point.value >= target : point.value <= target)
                }
                #expect(!decided)
            }
        }
    }

    @Test("the honest walk reads the frontier at a monthly step: values published between the steps that set no record change nothing")
    func honestWalkSamplesMonthly() throws {
        let days = (0..<40).map { Day(year: 2022, month: 1, day: 1)!.addingMonths($0) }
        // A frontier that moves by steps: 80% up, flat, flat, 25% up, flat, month after month.
        let factors = (0..<40).map { [1.8, 1, 1, 1.25, 1][$0 % 5] }
        let records = days.enumerated().map { index, day in
            PublicSeries.Point(day: day, subject: "m\(index)", value: 1e20 * factors[...index].reduce(1, *))
        }
        // The same frontier, with models that set no record published a few days after each record.
        let crowded =
            records + records.map { PublicSeries.Point(day: $0.day.adding(days: 3), subject: $0.subject + "b", value: $0.value / 10) }
        let series = { (points: [PublicSeries.Point]) in
            PublicSeries(
                id: "c", name: "C", unit: "flop", higherIsBetter: true, source: "s", points: points.sorted { $0.day < $1.day }, targets: [])
        }
        let asOf = Day(year: 2025, month: 1, day: 1)!
        let deadline = Day(year: 2025, month: 12, day: 31)!
        let target = 8 * records.last { $0.day <= asOf }!.value
        let plain = try #require(RealDataBacktest.walkChance(series(records), target: target, asOf: asOf, deadline: deadline))
        let busy = try #require(RealDataBacktest.walkChance(series(crowded), target: target, asOf: asOf, deadline: deadline))
        #expect(abs(plain.probability - busy.probability) < 1e-12)
        // About 2.25x a year: eightfold in a year is possible, not likely.
        #expect(plain.probability > 0.02 && plain.probability < 0.5, "\(plain.probability)")
    }

    @Test(
        "the random-walk reference's first passage agrees with simulated paths watched at the same spacing",
        arguments: [
            (0.5, 1.0, 1.0), (-0.5, 0.6, 0.4), (2.0, 0.3, 0.8),
        ])
    func firstPassageAgreesWithSimulation(drift: Double, volatility: Double, level: Double) {
        // Watched weekly for a year from 0 (Broadie, Glasserman & Kou's correction is for this case).
        let spacing = 7 / 365.25
        let walk = RandomWalkReference(
            drift: drift, volatility: volatility, span: 1, degreesOfFreedom: 10, last: 0, lastTime: 0, spacing: spacing)
        var generator = SeededGenerator(seed: 11)
        let paths = 20_000
        let steps = Int(1 / spacing)
        var passed = 0
        for _ in 0..<paths {
            var y = 0.0
            for _ in 0..<steps {
                y += drift * spacing + volatility * spacing.squareRoot() * generator.normal()
                if y >= level {
                    passed += 1
                    break
                }
            }
        }
        let simulated = Double(passed) / Double(paths)
        let closedForm = walk.firstPassage(to: level, within: Double(steps) * spacing)
        #expect(abs(closedForm - simulated) < 0.015, "closed form \(closedForm), simulated \(simulated)")
    }
}
