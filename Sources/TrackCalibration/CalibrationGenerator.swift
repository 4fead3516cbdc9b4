import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// The simulated worlds the calibration benchmark draws forecasts from, each with known outcomes.
/// Series vary in length (3-30 points), spacing (14-90 days) and horizon (30-730 days).
public enum CalibrationGenerator: String, CaseIterable, Sendable {
    /// y = a + b t + σ ε on the log scale: steady exponential change seen through independent noise.
    case logLinearNoise = "log-linear trend + noise (trend)"
    /// Increments μ Δt + σ √Δt ε on the log scale: a price or score that wanders.
    case randomWalk = "random walk with drift (trend)"
    /// The same walks, asked for the value on the deadline (`when: at`).
    case randomWalkAt = "random walk, on the deadline (trend, when: at)"
    /// The same walks, through `threshold`.
    case thresholdWalk = "random walk (threshold)"
    /// Events with a constant, rising or falling hazard over the window (`milestone`).
    case hazardConstant = "constant hazard (milestone)"
    case hazardRising = "rising hazard (milestone)"
    case hazardFalling = "falling hazard (milestone)"

    /// The name of the generating model's own probabilities in `SimulatedForecast.references`.
    public static let oracle = "generating model"
    /// The generating model's probabilities kept within 0.01-0.99 as track's are: what the bounds cost.
    public static let boundedOracle = "generating model, within 0.01-0.99"
    /// The honest reference estimators, fitted to the same observations.
    public static let randomWalkReference = "random walk, least squares"
    public static let trendReference = "OLS trend"
    public static let constantHazardReference = "constant hazard"

    /// `count` forecasts, reproducibly from `seed`.
    public func forecasts(count: Int, seed: UInt64) -> [SimulatedForecast] {
        var generator = SeededGenerator(seed: seed &+ UInt64(Self.allCases.firstIndex(of: self)!) &* 0x9E37_79B9_7F4A_7C15)
        return (0..<count).map { index in
            switch self {
            case .hazardConstant: Self.event(index, shape: "constant", exponent: 1, using: &generator)
            case .hazardRising: Self.event(index, shape: "rising", exponent: 2, using: &generator)
            case .hazardFalling: Self.event(index, shape: "falling", exponent: 0.5, using: &generator)
            default: numeric(index, using: &generator)
            }
        }
    }

    static let origin = Day(year: 2020, month: 1, day: 1)!

    /// A numeric series, a target it has not reached, and what then happened.
    private func numeric(_ index: Int, using generator: inout SeededGenerator) -> SimulatedForecast {
        let n = 3 + Int(generator.uniform() * 28)
        let spacing = 14 + Int(generator.uniform() * 77)
        let horizon = 30 + Int(generator.uniform() * 701)
        let followsTrend = generator.uniform() < 0.8
        let pastDays = (0..<n).map { $0 * spacing }
        let made = pastDays.last!
        let deadline = made + horizon
        var futureDays = Array(stride(from: made + spacing, through: deadline, by: spacing))
        if futureDays.last != deadline { futureDays.append(deadline) }
        let years = { (day: Int) in Double(day) / 365.25 }
        let walk = self != .logLinearNoise
        // True parameters, on the log scale, per year. Drifts spread like the field's: training compute
        // grows about 4x a year (ln 4 = 1.4), prices at fixed capability fall 10x and more (ln 10 = 2.3).
        let level = generator.uniform() * 4
        let drift = 1.5 * generator.normal()
        let spread = walk ? 0.1 + 0.7 * generator.uniform() : 0.03 + 0.27 * generator.uniform()
        var y: [Double] = []
        let allDays = pastDays + futureDays
        for (position, day) in allDays.enumerated() {
            if walk {
                let dt = position == 0 ? 0 : years(day - allDays[position - 1])
                y.append(y.last.map { $0 + drift * dt + spread * dt.squareRoot() * generator.normal() } ?? level)
            } else {
                y.append(level + drift * years(day) + spread * generator.normal())
            }
        }
        let past = Array(y[..<n])
        let future = Array(y[n...])
        // The question, set from the observed series alone, as a forecaster would (targets set from the
        // hidden parameters would make any estimator that has to estimate them look overconfident):
        // four times in five "better" is the way the series has been going, and the target lies beyond
        // the last value at a spread of distances around the observed drift and scatter over the horizon.
        let rising = past.last! >= past.first!
        let higher = followsTrend ? rising : !rising
        let orientation = higher ? 1.0 : -1.0
        let z = past.map { orientation * $0 }
        let h = years(deadline - made)
        let observedSpan = years(made)
        let observedDrift = observedSpan > 0 ? (z.last! - z.first!) / observedSpan : 0
        let increments = zip(z, z.dropFirst()).map { $1 - $0 - observedDrift * years(spacing) }
        let observedScatter = (increments.reduce(0) { $0 + $1 * $1 } / Double(max(1, increments.count)) / years(spacing)).squareRoot()
        let reach = max(0.02, observedScatter * h.squareRoot() + abs(observedDrift) * h)
        let targetZ = z.last! + reach * exp(0.8 * generator.normal())
        let targetValue = exp(orientation * targetZ)
        let futureZ = future.map { orientation * $0 }
        let timing = self == .randomWalkAt ? "at" : "by"
        let happened = timing == "by" ? futureZ.contains { $0 >= targetZ } : futureZ.last! >= targetZ
        // The generating model's own probability.
        let oracle: SimulatedForecast.Estimate
        if walk {
            var passed = 0
            var finals: [Double] = []
            var simulation = SeededGenerator(seed: UInt64(index) &* 7919 &+ 17)
            for _ in 0..<4000 {
                var value = z.last!
                var t = made
                var crossed = false
                for day in futureDays {
                    let dt = years(day - t)
                    value += orientation * drift * dt + spread * dt.squareRoot() * simulation.normal()
                    t = day
                    if value >= targetZ { crossed = true }
                }
                finals.append(value)
                if timing == "by" ? crossed : value >= targetZ { passed += 1 }
            }
            finals.sort()
            let interval = [finals[400], finals[3599]].map { exp(orientation * $0) }
            oracle = .init(Double(passed) / 4000, interval: interval.min()!...interval.max()!)
        } else {
            let stay = futureDays.reduce(1.0) { product, day in
                product * Normal.cdf((targetZ - orientation * (level + drift * years(day))) / spread)
            }
            let center = level + drift * years(deadline)
            oracle = .init(1 - stay, interval: exp(center - 1.2816 * spread)...exp(center + 1.2816 * spread))
        }
        var references = [Self.oracle: oracle, Self.boundedOracle: .init(min(0.99, max(0.01, oracle.probability)))]
        let times = pastDays.map(years)
        if let reference = RandomWalkReference(times: times, values: z, minimumVolatility: 1e-6) {
            let t = StudentT(degreesOfFreedom: reference.degreesOfFreedom).quantile(0.9)
            let (center, error) = reference.prediction(after: h)
            let ends = [center - t * error, center + t * error].map { exp(orientation * $0) }
            let probability = timing == "by" ? reference.firstPassage(to: targetZ, within: h) : reference.chanceAbove(targetZ, after: h)
            references[Self.randomWalkReference] = .init(probability, interval: ends.min()!...ends.max()!)
        }
        if let fit = LinearFit(x: times, y: z) {
            let grid = futureDays.map(years)
            let stay = grid.reduce(1.0) { $0 * Normal.cdf((targetZ - fit.value(at: $1)) / max(fit.residualStandardError, 1e-9)) }
            let distribution = StudentT(degreesOfFreedom: fit.degreesOfFreedom)
            let at = years(deadline)
            let error = max(fit.predictionStandardError(at: at), 1e-9)
            let t = distribution.quantile(0.9)
            let ends = [fit.value(at: at) - t * error, fit.value(at: at) + t * error].map { exp(orientation * $0) }
            let probability = timing == "by" ? 1 - stay : 1 - distribution.cdf((targetZ - fit.value(at: at)) / error)
            references[Self.trendReference] = .init(probability, interval: ends.min()!...ends.max()!)
        }
        let id = "s\(index)"
        let observations = zip(pastDays, past).map { day, value in
            "  - {date: \(Self.origin.adding(days: day)), value: \(exp(value)), source: simulated}"
        }.joined(separator: "\n")
        let plugin = self == .thresholdWalk ? "threshold" : "trend"
        return SimulatedForecast(
            indicatorID: id,
            indicator: "name: Simulated \(index)\nunit: usd\nbetter: \(higher ? "higher" : "lower")\nobservations:\n\(observations)\n",
            evaluate: "\(plugin): {indicator: \(id), target: \(targetValue), when: \(timing)}",
            made: Self.origin.adding(days: made), deadline: Self.origin.adding(days: deadline), asOf: Self.origin.adding(days: made),
            points: n, happened: happened, valueAtDeadline: exp(future.last!), references: references)
    }

    /// An event with prior `p` over a window, a Weibull hazard of the given exponent, assessed some
    /// way into the window while it has not happened yet.
    private static func event(_ index: Int, shape: String, exponent k: Double, using generator: inout SeededGenerator) -> SimulatedForecast
    {
        let p = 0.05 + 0.9 * generator.uniform()
        let window = 90 + Int(generator.uniform() * 1006)
        let elapsed = Int(generator.uniform() * Double(window - 1))
        let total = -log(1 - p)
        // The event's time, drawn until it falls after the assessment day (the forecast is still open then).
        var time: Double
        repeat {
            time = Double(window) * pow(-log(generator.uniform()) / total, 1 / k)
        } while time <= Double(elapsed)
        let left = 1 - Double(elapsed) / Double(window)
        let oracle = 1 - exp(-total * (1 - pow(Double(elapsed) / Double(window), k)))
        let constant = 1 - pow(1 - p, left)
        let id = "s\(index)"
        return SimulatedForecast(
            indicatorID: id,
            indicator: """
                name: Event \(index)
                kind: state
                states: [rumoured, released]
                observations:
                  - {date: \(origin), value: rumoured, source: simulated}

                """,
            evaluate: "milestone: {indicator: \(id), reaches: released, prior: \(p), hazard: \(shape)}",
            made: origin, deadline: origin.adding(days: window - 1), asOf: origin.adding(days: elapsed),
            points: nil, happened: time <= Double(window), valueAtDeadline: nil,
            references: [
                Self.oracle: .init(oracle), Self.boundedOracle: .init(min(0.99, max(0.01, oracle))),
                Self.constantHazardReference: .init(constant),
            ])
    }
}
