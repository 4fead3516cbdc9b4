import Foundation
import TrackCore
import TrackEngine

/// The halving time of the training compute needed for a fixed benchmark score, fitted from
/// models' compute, scores and release dates: ordinary least squares of
/// `ln C = a + b logit(s) + c t` (t in years), in the spirit of Ho et al. 2024 ("Algorithmic progress
/// in language models", arXiv 2403.05812), who fit compute, data and date to a loss. At a fixed score
/// the compute falls by a factor e^c a year, so it halves every `12 ln 2 / -c` months. The 95%
/// interval comes from c's standard error (Student t), assuming independent normal residuals;
/// models of one family share errors, so the interval is if anything too narrow.
public struct AlgorithmicProgressFit: Sendable, Equatable {
    /// The median halving time in months, and its 95% interval (`high` is nil when the data cannot
    /// rule out no progress at all).
    public let halvingMonths: Double
    public let low: Double
    public let high: Double?
    public let models: Int

    /// One model: compute in FLOP, its score as a fraction of the way from chance to 100%, its release in years.
    public struct Point: Sendable {
        let flop: Double
        let fraction: Double
        let years: Double

        public init(flop: Double, fraction: Double, years: Double) {
            self.flop = flop
            self.fraction = fraction
            self.years = years
        }
    }

    /// The fit, or nil with fewer than eight models or when compute for a fixed score does not fall.
    public init?(_ points: [Point]) {
        let usable = points.filter { $0.flop > 0 && $0.fraction > 0 && $0.fraction < 1 }
        let n = usable.count
        guard n >= 8 else { return nil }
        let rows = usable.map { [1, log($0.fraction / (1 - $0.fraction)), $0.years] }
        let y = usable.map { log($0.flop) }
        // Normal equations X'X b = X'y, solved by Gauss-Jordan elimination on the 3x3 system.
        var xtx = [[Double]](repeating: [0, 0, 0], count: 3)
        var xty = [0.0, 0, 0]
        for (row, value) in zip(rows, y) {
            for i in 0..<3 {
                xty[i] += row[i] * value
                for j in 0..<3 { xtx[i][j] += row[i] * row[j] }
            }
        }
        guard let inverse = Self.invert(xtx) else { return nil }
        let beta = (0..<3).map { i in (0..<3).reduce(0) { $0 + inverse[i][$1] * xty[$1] } }
        let residual = zip(rows, y).reduce(0.0) { sum, pair in
            let fitted = (0..<3).reduce(0) { $0 + beta[$1] * pair.0[$1] }
            return sum + (pair.1 - fitted) * (pair.1 - fitted)
        }
        let variance = residual / Double(n - 3)
        let slope = beta[2]
        let standardError = (variance * inverse[2][2]).squareRoot()
        guard slope < 0 else { return nil }
        let t = StudentT(degreesOfFreedom: Double(n - 3)).quantile(0.975)
        let months = { (c: Double) in 12 * log(2) / -c }
        halvingMonths = months(slope)
        low = months(slope - t * standardError)
        high = slope + t * standardError < 0 ? months(slope + t * standardError) : nil
        models = n
    }

    private static func invert(_ matrix: [[Double]]) -> [[Double]]? {
        var a = matrix.enumerated().map { index, row in row + (0..<3).map { $0 == index ? 1.0 : 0.0 } }
        for column in 0..<3 {
            guard let pivot = (column..<3).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }), abs(a[pivot][column]) > 1e-12 else {
                return nil
            }
            a.swapAt(column, pivot)
            let scale = a[column][column]
            a[column] = a[column].map { $0 / scale }
            for row in 0..<3 where row != column {
                let factor = a[row][column]
                a[row] = zip(a[row], a[column]).map { $0 - factor * $1 }
            }
        }
        return a.map { Array($0[3...]) }
    }

    /// "8.1 months (95%: 5.2-17)" or with no upper bound.
    public var description: String {
        "\(halvingMonths.formatted(digits: 1)) months (95%: \(low.formatted(digits: 1))-\(high.map { $0.formatted(digits: 1) } ?? "no bound"), \(models) models)"
    }
}
