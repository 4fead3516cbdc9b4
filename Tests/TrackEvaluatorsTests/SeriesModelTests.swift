import Foundation
import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

/// The evidence the trend and the walk are weighed by: their closed forms against a dense
/// generalised-least-squares computation on the increments, and what the weights say on series
/// whose nature is known.
@Suite("Series models' evidence")
struct SeriesModelTests {
    /// A positive series on the log scale, `days` apart (irregular when nil), from a walk with
    /// volatility `wander` seen through independent noise `noise`, seeded.
    static func series(count: Int, days: Int? = nil, wander: Double, noise: Double, seed: UInt64) -> ScaledSeries {
        var generator = SeededGenerator(seed: seed)
        var day = Day(year: 2024, month: 1, day: 1)!
        var level = 0.0
        var points: [SeriesSelector.Point] = []
        for index in 0..<count {
            let step = days ?? 20 + Int(generator.uniform() * 40)
            day = day.adding(days: step)
            level += 0.3 * Double(step) / 365.25 + wander * (Double(step) / 365.25).squareRoot() * generator.normal()
            let value = exp(level + noise * generator.normal())
            let observation = Observation(date: day, value: .number(value), source: "test", line: index + 1, column: 1)
            points.append(.init(day: day, value: value, observation: observation))
        }
        return ScaledSeries(points: points, scale: .log, higherIsBetter: true)!
    }

    /// The log evidence of increments `d` on steps `x` with covariance σ² `covariance`, a flat prior on
    /// the drift and 1/σ on σ, up to the constant shared by every covariance of this size: Gaussian
    /// elimination on the dense matrix, nothing taken from the models.
    static func denseEvidence(increments d: [Double], steps x: [Double], covariance: [[Double]]) -> Double {
        let m = d.count
        var a = covariance
        var rhs = zip(x, d).map { [$0, $1] }
        var logDeterminant = 0.0
        for column in 0..<m {
            let pivot = a[column][column]
            logDeterminant += log(pivot)
            for row in (column + 1)..<m where a[row][column] != 0 {
                let factor = a[row][column] / pivot
                for k in column..<m { a[row][k] -= factor * a[column][k] }
                for k in 0..<2 { rhs[row][k] -= factor * rhs[column][k] }
            }
        }
        var solved = rhs
        for row in stride(from: m - 1, through: 0, by: -1) {
            for k in 0..<2 {
                var value = rhs[row][k]
                for j in (row + 1)..<m { value -= a[row][j] * solved[j][k] }
                solved[row][k] = value / a[row][row]
            }
        }
        // Quadratic forms x'Σ⁻¹x, x'Σ⁻¹d and d'Σ⁻¹d.
        let xx = (0..<m).reduce(0) { $0 + x[$1] * solved[$1][0] }
        let xd = (0..<m).reduce(0) { $0 + x[$1] * solved[$1][1] }
        let dd = (0..<m).reduce(0) { $0 + d[$1] * solved[$1][1] }
        let residual = dd - xd * xd / xx
        return -0.5 * logDeterminant - 0.5 * log(xx) - 0.5 * Double(m - 1) * log(residual)
    }

    @Test("the closed forms equal a dense computation on the increments", arguments: [3, 7, 25])
    func closedForms(count: Int) throws {
        let series = Self.series(count: count, wander: 0.5, noise: 0.2, seed: UInt64(count))
        let t = series.times
        let y = series.values
        let steps = (1..<count).map { t[$0] - t[$0 - 1] }
        let increments = (1..<count).map { y[$0] - y[$0 - 1] }
        let m = count - 1
        let walkCovariance = (0..<m).map { i in (0..<m).map { j in i == j ? steps[i] : 0 } }
        let noiseCovariance = (0..<m).map { i in (0..<m).map { j in i == j ? 2.0 : abs(i - j) == 1 ? -1.0 : 0 } }
        let walk = try #require(RandomWalkModel(series))
        let trend = try #require(NoisyTrendModel(series))
        let expected =
            Self.denseEvidence(increments: increments, steps: steps, covariance: walkCovariance)
            - Self.denseEvidence(increments: increments, steps: steps, covariance: noiseCovariance)
        #expect(
            abs((walk.logEvidence - trend.logEvidence) - expected) < 1e-8, "\(walk.logEvidence - trend.logEvidence) against \(expected)")
    }

    @Test("thirty points tell a wandering series from a noisy trend, both ways")
    func weightsOnKnownSeries() throws {
        var walkWeights: [Double] = []
        var trendWeights: [Double] = []
        for seed in 1...20 as ClosedRange<UInt64> {
            let wandering = Self.series(count: 30, days: 30, wander: 0.4, noise: 0, seed: seed)
            let noisy = Self.series(count: 30, days: 30, wander: 0, noise: 0.15, seed: seed)
            walkWeights.append(
                SeriesForecast.evidenceWeights([try #require(RandomWalkModel(wandering)), try #require(NoisyTrendModel(wandering))])[0])
            trendWeights.append(
                SeriesForecast.evidenceWeights([try #require(RandomWalkModel(noisy)), try #require(NoisyTrendModel(noisy))])[1])
        }
        // Most series go clearly to their own model; on average the right one carries most weight.
        #expect(walkWeights.count { $0 > 0.9 } >= 15, "\(walkWeights)")
        #expect(trendWeights.count { $0 > 0.9 } >= 15, "\(trendWeights)")
        #expect(walkWeights.reduce(0, +) / 20 > 0.8 && trendWeights.reduce(0, +) / 20 > 0.8)
    }

    @Test("with three points the data cannot choose: the weights are even")
    func fewPoints() throws {
        // Two increments less one drift leave one residual: any two scale-free models fit it alike.
        for seed in 1...20 as ClosedRange<UInt64> {
            let series = Self.series(count: 3, wander: 0.5, noise: 0.2, seed: seed)
            let weights = SeriesForecast.evidenceWeights([try #require(RandomWalkModel(series)), try #require(NoisyTrendModel(series))])
            #expect(abs(weights[0] - 0.5) < 1e-9, "\(weights)")
        }
    }

    @Test("a smooth trend with noise far below the spread floor still goes to the trend", arguments: [7, 30, 91])
    func smoothTrend(days: Int) throws {
        // Noise of 0.5% on the log scale, a quarter of the floor (2%): the floors must not decide.
        let series = Self.series(count: 30, days: days, wander: 0, noise: 0.005, seed: UInt64(days))
        let weights = SeriesForecast.evidenceWeights([try #require(RandomWalkModel(series)), try #require(NoisyTrendModel(series))])
        #expect(weights[1] > 0.9, "\(weights)")
    }
}
