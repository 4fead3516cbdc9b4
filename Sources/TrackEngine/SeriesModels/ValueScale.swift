import Foundation
import TrackCore

/// The scale a series is modelled on: its own values, their logarithm (a positive quantity: a
/// price, FLOP), or the logit of their place between bounds (a score in percent). Trends and walks
/// are fitted on this scale and mapped back, so a price is never projected below zero and a score
/// never above 100%.
public enum ValueScale: Sendable, Equatable {
    case linear
    case log
    /// `logit((v - low) / (high - low))`, the fraction clipped to [ε, 1 - ε]: ε is half the series'
    /// resolution as a share of the range, at most 0.5% (half a point of a percent score;
    /// STATISTICS.md, "Scales"). A target at the bound is therefore the event "reaches it within
    /// half a reporting step" (≥ 99.95 for a score to one decimal), its own event, harder than
    /// approaching it (STATISTICS.md, "Record (running-best) series").
    case logit(low: Double, high: Double, margin: Double)

    /// The widest clip margin, as a share of the range.
    static let logitMargin = 0.005

    /// The scale for an indicator's values and a target: bounded when the indicator has bounds,
    /// logarithmic when every value and the target are positive, else linear.
    static func `for`(_ indicator: IndicatorDefinition, values: [Double], target: Double?) -> ValueScale {
        if let bounds = indicator.bounds {
            let resolution = indicator.resolution ?? Self.resolution(of: values)
            let margin = min(logitMargin, resolution / 2 / (bounds.upperBound - bounds.lowerBound))
            return .logit(low: bounds.lowerBound, high: bounds.upperBound, margin: margin)
        }
        if values.allSatisfy({ $0 > 0 }), (target ?? 1) > 0 { return .log }
        return .linear
    }

    /// The step the values are written in: 10^-k for the fewest decimals k (at most 6) that write
    /// every value exactly (1 for whole numbers, 0.1 for 98.9 and 99.3).
    static func resolution(of values: [Double]) -> Double {
        var decimals = 0
        for value in values where value.isFinite {
            while decimals < 6 {
                let scaled = value * pow(10, Double(decimals))
                if abs(scaled - scaled.rounded()) <= 1e-9 * max(1, abs(scaled)) { break }
                decimals += 1
            }
        }
        return pow(10, -Double(decimals))
    }

    func forward(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .log: return Foundation.log(max(value, .leastNormalMagnitude))
        case .logit(let low, let high, let margin):
            let fraction = min(1 - margin, max(margin, (value - low) / (high - low)))
            return Foundation.log(fraction / (1 - fraction))
        }
    }

    func inverse(_ y: Double) -> Double {
        switch self {
        case .linear: return y
        case .log: return exp(y)
        case .logit(let low, let high, _): return low + (high - low) / (1 + exp(-y))
        }
    }

    /// The smallest spread a fit may claim on this scale, per observation or per √year: 2% of the
    /// level on the log scale, 0.05 on the logit scale (about a point near 50%), and on the linear
    /// scale 2% of the series' typical size. A series that has not moved is not certain never to move.
    func spreadFloor(values: [Double]) -> Double {
        switch self {
        case .log: return 0.02
        case .logit: return 0.05
        case .linear:
            let typical = values.map(abs).reduce(0, +) / Double(max(1, values.count))
            return max(0.02 * typical, 1e-9)
        }
    }

    var name: String {
        switch self {
        case .linear: "linear"
        case .log: "log"
        case .logit(let low, let high, _): "logit [\(low.formatted), \(high.formatted)]"
        }
    }
}
