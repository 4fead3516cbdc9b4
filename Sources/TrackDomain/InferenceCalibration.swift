import Foundation

/// Fits the inference model's free utilizations to the deployments table, each publication weighted equally
/// (so that one vendor page with dozens of rows counts as one source), and cross-validates them by leaving one
/// publication out at a time.
public enum InferenceCalibration {
    /// A free utilization and the range it is searched in. The ranges are physical bounds: no kernel exceeds
    /// 0.8 of a peak in these workloads, attention at most FlashMLA's 0.67, memory at most the 0.9 single
    /// kernels reach.
    public struct Parameter: Sendable {
        public var name: String
        public var keyPath: WritableKeyPath<InferenceCostModel.Utilization, Double> & Sendable
        public var range: ClosedRange<Double>
    }

    public static let parameters: [Parameter] = [
        Parameter(name: "decode-compute", keyPath: \.decodeCompute, range: 0.1...0.8),
        Parameter(name: "expert-compute", keyPath: \.expertCompute, range: 0.05...0.8),
        Parameter(name: "attention", keyPath: \.attention, range: 0.1...0.67),
        Parameter(name: "prefill-compute", keyPath: \.prefillCompute, range: 0.2...0.8),
        Parameter(name: "memory", keyPath: \.memory, range: 0.4...0.9),
        Parameter(name: "expert-memory", keyPath: \.expertMemory, range: 0.1...0.9),
        Parameter(name: "overlap", keyPath: \.overlap, range: 0...1),
    ]

    /// ln(modelled / measured) of `row` with `utilization`; a modelled figure that is not a positive number
    /// counts as a thousandfold miss.
    public static func logError(_ row: InferenceMeasurement, _ utilization: InferenceCostModel.Utilization) -> Double {
        let modelled = row.modelled(with: utilization)
        return modelled.isFinite && modelled > 0 ? log(modelled / row.measured) : log(1e-3)
    }

    /// Mean over publications of the mean |ln(modelled / measured)| of their rows.
    public static func loss(_ rows: [InferenceMeasurement], _ utilization: InferenceCostModel.Utilization) -> Double {
        let byPublication = Dictionary(grouping: rows, by: \.publication)
        let total = byPublication.values.map { rows in rows.map { abs(logError($0, utilization)) }.reduce(0, +) / Double(rows.count) }
        return total.reduce(0, +) / Double(max(1, byPublication.count))
    }

    /// The start of every fit: each free parameter at the middle of its range, the measured ones as shipped. A
    /// fit that left a publication out must not start from values fitted with it.
    public static var neutralStart: InferenceCostModel.Utilization {
        var utilization = InferenceCostModel.Utilization()
        for parameter in parameters {
            utilization[keyPath: parameter.keyPath] = (parameter.range.lowerBound + parameter.range.upperBound) / 2
        }
        return utilization
    }

    /// The utilizations that minimise `loss` on `rows`: coordinate descent from `start`, a golden-section search
    /// over each parameter's range in turn, until a sweep improves the loss by less than 1e-5 (at most 30 sweeps).
    /// A parameter keeps its value when the search finds nothing better.
    public static func fit(_ rows: [InferenceMeasurement], from start: InferenceCostModel.Utilization = neutralStart)
        -> InferenceCostModel.Utilization
    {
        var utilization = start
        var current = loss(rows, utilization)
        for _ in 0..<30 {
            let before = current
            for parameter in parameters {
                var trial = utilization
                let best = goldenSection(parameter.range) { value in
                    trial[keyPath: parameter.keyPath] = value
                    return loss(rows, trial)
                }
                trial[keyPath: parameter.keyPath] = best
                let value = loss(rows, trial)
                if value < current { (utilization, current) = (trial, value) }
            }
            if before - current < 1e-5 { break }
        }
        return utilization
    }

    /// Each row's ln(modelled / measured) when the utilizations are fitted without its publication.
    public static func leaveOnePublicationOut(
        _ rows: [InferenceMeasurement], from start: InferenceCostModel.Utilization = neutralStart
    ) -> (errors: [Double], fits: [(publication: String, utilization: InferenceCostModel.Utilization)]) {
        var errors = [Double](repeating: .nan, count: rows.count)
        var fits: [(String, InferenceCostModel.Utilization)] = []
        for publication in Set(rows.map(\.publication)).sorted() {
            let utilization = fit(rows.filter { $0.publication != publication }, from: start)
            fits.append((publication, utilization))
            for index in rows.indices where rows[index].publication == publication {
                errors[index] = logError(rows[index], utilization)
            }
        }
        return (errors, fits)
    }

    /// The minimum of a unimodal `function` on `range` to within 1e-3 of the range.
    static func goldenSection(_ range: ClosedRange<Double>, _ function: (Double) -> Double) -> Double {
        let ratio = (5.0.squareRoot() - 1) / 2
        var (low, high) = (range.lowerBound, range.upperBound)
        var left = high - ratio * (high - low)
        var right = low + ratio * (high - low)
        var (leftValue, rightValue) = (function(left), function(right))
        while high - low > 1e-3 * (range.upperBound - range.lowerBound) {
            if leftValue < rightValue {
                (high, right, rightValue) = (right, left, leftValue)
                left = high - ratio * (high - low)
                leftValue = function(left)
            } else {
                (low, left, leftValue) = (left, right, rightValue)
                right = low + ratio * (high - low)
                rightValue = function(right)
            }
        }
        return (low + high) / 2
    }
}
