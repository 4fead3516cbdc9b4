import Foundation
import TrackCore
import TrackEngine

/// Percentile intervals of a figure over forecasts, by resampling whole clusters with replacement
/// (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13; STATISTICS.md,
/// "Checking a baseline is honest"): forecasts on one series share its errors, so resampling them
/// one by one would claim more certainty than the data hold.
public struct ClusterBootstrap: Sendable {
    /// The forecasts' indices, cluster by cluster.
    let clusters: [[Int]]

    /// Clusters by `SimulatedForecast.cluster`; a forecast without one is its own.
    public init(_ forecasts: [SimulatedForecast]) {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (index, forecast) in forecasts.enumerated() {
            let key = forecast.cluster ?? "#\(index)"
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(index)
        }
        clusters = order.map { members[$0]! }
    }

    /// How many clusters there are.
    public var count: Int { clusters.count }

    /// The 2.5% and 97.5% percentiles of `statistic` over `replicates` resamples (each a list of
    /// forecast indices, repeats included), seeded; nil when it is undefined on most of them.
    public func interval(replicates: Int = 1000, seed: UInt64 = 2026, _ statistic: ([Int]) -> Double?) -> ClosedRange<Double>? {
        var generator = SeededGenerator(seed: seed)
        var values: [Double] = []
        for _ in 0..<replicates {
            var sample: [Int] = []
            for _ in 0..<clusters.count { sample += clusters[Int(generator.uniform() * Double(clusters.count))] }
            if let value = statistic(sample), value.isFinite { values.append(value) }
        }
        guard values.count * 2 > replicates else { return nil }
        values.sort()
        let pick = { (level: Double) in values[min(values.count - 1, Int(level * Double(values.count)))] }
        return pick(0.025)...pick(0.975)
    }
}
