import Foundation
import TrackCore

/// The scale a series is modelled on: its own values, their logarithm (a positive quantity: a
/// price, FLOP), or the logit of their place between bounds (a score in percent). Trends and walks
/// are fitted on this scale and mapped back, so a price is never projected below zero and a score
/// never above 100%.
public enum ValueScale: Sendable, Equatable {
    case linear
    case log
    /// `logit((v - low) / (high - low))`, the fraction clipped to [ε, 1 - ε], ε = 0.5% of the range
    /// (half a point of a percent score; STATISTICS.md, "Scales").
    case logit(low: Double, high: Double)

    static let logitMargin = 0.005

    /// The scale for an indicator's values and a target: bounded when the indicator has bounds,
    /// logarithmic when every value and the target are positive, else linear.
    static func `for`(_ indicator: IndicatorDefinition, values: [Double], target: Double?) -> ValueScale {
        if let bounds = indicator.bounds { return .logit(low: bounds.lowerBound, high: bounds.upperBound) }
        if values.allSatisfy({ $0 > 0 }), (target ?? 1) > 0 { return .log }
        return .linear
    }

    func forward(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .log: return Foundation.log(max(value, .leastNormalMagnitude))
        case .logit(let low, let high):
            let fraction = min(1 - Self.logitMargin, max(Self.logitMargin, (value - low) / (high - low)))
            return Foundation.log(fraction / (1 - fraction))
        }
    }

    func inverse(_ y: Double) -> Double {
        switch self {
        case .linear: return y
        case .log: return exp(y)
        case .logit(let low, let high): return low + (high - low) / (1 + exp(-y))
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
        case .logit(let low, let high): "logit [\(low.formatted), \(high.formatted)]"
        }
    }
}
