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

/// Fits the training model's MFU (`TrainingUtilization`) to the training runs table by weighted least squares
/// on ln MFU, each publication weighted equally, and cross-validates it by leaving one publication out.
public enum TrainingCalibration {
    /// ln(modelled / measured GPU-hours) of `row` (for MFU rows, the same ratio through the MFU).
    public static func logError(_ row: TrainingMeasurement, _ utilization: TrainingUtilization) -> Double {
        log(row.ratio(with: utilization))
    }

    /// The intercept, hardware, size and MoE terms that fit `rows` best; `withSize: false` leaves the size term
    /// out (fixed at 0), to show what it adds.
    public static func fit(_ rows: [TrainingMeasurement], withSize: Bool = true) -> TrainingUtilization {
        let counts = Dictionary(grouping: rows, by: \.publication).mapValues(\.count)
        let terms = withSize ? 4 : 3
        var normal = [[Double]](repeating: [Double](repeating: 0, count: terms), count: terms)
        var right = [Double](repeating: 0, count: terms)
        for row in rows {
            let weight = 1 / Double(counts[row.publication] ?? 1)
            let ridge = TrainingUtilization.ridge(row.accelerator) ?? TrainingUtilization.referenceRidge
            var x = [1, log(ridge / TrainingUtilization.referenceRidge), row.mixtureOfExperts ? 1 : 0]
            if withSize { x.append(log(row.activeParameters / TrainingUtilization.referenceParameters)) }
            let y = row.impliedLogBF16SteadyStateMFU
            for i in x.indices {
                right[i] += weight * x[i] * y
                for j in x.indices { normal[i][j] += weight * x[i] * x[j] }
            }
        }
        let beta = solve(normal, right)
        var utilization = TrainingUtilization()
        utilization.intercept = beta[0]
        utilization.hardwareSlope = beta[1]
        utilization.mixtureOfExpertsTerm = beta[2]
        utilization.sizeSlope = withSize ? beta[3] : 0
        return utilization
    }

    /// Each row's ln(modelled / measured) when the MFU is fitted without its publication.
    public static func leaveOnePublicationOut(_ rows: [TrainingMeasurement], withSize: Bool = true) -> [Double] {
        var errors = [Double](repeating: .nan, count: rows.count)
        for publication in Set(rows.map(\.publication)) {
            let utilization = fit(rows.filter { $0.publication != publication }, withSize: withSize)
            for index in rows.indices where rows[index].publication == publication {
                errors[index] = logError(rows[index], utilization)
            }
        }
        return errors
    }

    /// Solves `a x = b` by Gaussian elimination with partial pivoting (a small, well-conditioned system).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var a = a
        var b = b
        let n = b.count
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            guard a[column][column] != 0 else { continue }
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            let sum = ((row + 1)..<n).map { a[row][$0] * x[$0] }.reduce(0, +)
            x[row] = a[row][row] == 0 ? 0 : (b[row] - sum) / a[row][row]
        }
        return x
    }
}
