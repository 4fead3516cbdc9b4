import Foundation
import TestSupport
import Testing
import TrackCalibration
import TrackCore
import TrackDomain
import TrackEngine
import TrackEvaluators
import TrackExec
import Tracker

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

    @Test("on Epoch AI's public series, frontier forecasts made in the past beat always-0.5 by 15% and the plain walk")
    func realDataBacktest() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/epoch").path
        guard FileManager.default.fileExists(atPath: data) else {
            print("skipped: no Epoch AI data at \(data)")
            return
        }
        let series = [try PublicSeries.gpqaDiamond(data), try PublicSeries.priceAtMMLU80(data), try PublicSeries.trainingCompute(data)]
        let forecasts = series.flatMap { RealDataBacktest.forecasts($0, plugin: "trend") }.filter { $0.asOf == $0.made }
        try #require(forecasts.count > 100)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("track-backtest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scores = CalibrationRun.scores(forecasts, evaluations: try CalibrationRun.evaluate(forecasts, in: directory))
        let ours = try #require(scores.first { $0.name == CalibrationRun.track })
        let half = try #require(scores.first { $0.name == RealDataBacktest.alwaysHalf })
        let walk = try #require(scores.first { $0.name == CalibrationGenerator.randomWalkReference })
        #expect(ours.brier <= 0.85 * half.brier, "track \(ours.brier), always 0.5 \(half.brier)")
        #expect(ours.brier <= 1.05 * walk.brier, "track \(ours.brier), walk \(walk.brier)")
        #expect(ours.extremeMisses == 0)
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
