import Foundation

/// Errors ln(modelled / measured) of a set of measurements, summarised the way the targets are stated.
public struct CalibrationErrors: Sendable {
    public var logErrors: [Double]

    public init(_ logErrors: [Double]) { self.logErrors = logErrors }

    public var count: Int { logErrors.count }

    /// Median of |ln(modelled / measured)|.
    public var medianAbsolute: Double {
        let sorted = logErrors.map(abs).sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Share of measurements modelled within a factor `factor` either way (1.3: within ±30% on the log scale).
    public func shareWithin(_ factor: Double = 1.3) -> Double {
        guard !logErrors.isEmpty else { return .nan }
        return Double(logErrors.filter { abs($0) <= log(factor) }.count) / Double(logErrors.count)
    }

    /// Root mean square of ln(modelled / measured): the spread a lognormal error of the model has.
    public var rootMeanSquare: Double {
        guard !logErrors.isEmpty else { return .nan }
        return (logErrors.map { $0 * $0 }.reduce(0, +) / Double(logErrors.count)).squareRoot()
    }
}
