import TrackCore

/// An ordinary least-squares line through points, with the prediction interval of a new point.
public struct LinearFit: Sendable {
    public let slope: Double
    public let intercept: Double
    /// The residual standard error, with n - 2 degrees of freedom.
    public let residualStandardError: Double
    public let count: Int
    /// The coefficient of determination.
    public let rSquared: Double
    /// The mean of the x values.
    public let meanX: Double
    /// Σ (x - mean)², the spread of the x values.
    public let sumSquaresX: Double

    /// The fit, or nil with fewer than three points or when every x is the same.
    public init?(x: [Double], y: [Double]) {
        precondition(x.count == y.count)
        let n = Double(x.count)
        guard x.count >= 3 else { return nil }
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        let sumSquaresX = x.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        guard sumSquaresX > 0 else { return nil }
        let sumProducts = zip(x, y).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        let slope = sumProducts / sumSquaresX
        let intercept = meanY - slope * meanX
        self.slope = slope
        self.intercept = intercept
        let residuals = zip(x, y).map { $1 - (intercept + slope * $0) }
        let sumSquaresResidual = residuals.reduce(0) { $0 + $1 * $1 }
        let sumSquaresTotal = y.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) }
        residualStandardError = (sumSquaresResidual / (n - 2)).squareRoot()
        rSquared = sumSquaresTotal > 0 ? 1 - sumSquaresResidual / sumSquaresTotal : 1
        count = x.count
        self.meanX = meanX
        self.sumSquaresX = sumSquaresX
    }

    public func value(at x: Double) -> Double { intercept + slope * x }

    /// Σ residual², the sum the fit minimises.
    public var sumSquaresResidual: Double { residualStandardError * residualStandardError * degreesOfFreedom }

    /// The standard error of a new observation at `x`: s sqrt(1 + 1/n + (x - mean)^2 / Sxx).
    public func predictionStandardError(at x: Double) -> Double {
        residualStandardError * (1 + 1 / Double(count) + (x - meanX) * (x - meanX) / sumSquaresX).squareRoot()
    }

    /// Degrees of freedom of the residuals.
    public var degreesOfFreedom: Double { Double(count - 2) }
}
