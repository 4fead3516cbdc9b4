import Foundation

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
