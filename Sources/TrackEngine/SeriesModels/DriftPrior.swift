import TrackCore

/// The prior on a series' drift (or trend slope), per year on the model's scale: N(0, τ²) with
/// τ = 2, a factor e² ≈ 7.4 a year on the log scale, 2 logits a year for a score. Weak where the
/// data are strong (three years of points barely move it), it keeps a few points from claiming a
/// steep trend for years ahead; without it, the simulated walks of the calibration benchmark were
/// forecast overconfidently (recalibration slope 0.6-0.8, docs/statistics.md, "Calibration"). Epoch AI's fastest
/// published trend, prices at fixed capability falling up to 900x a year (ln 900 = 6.8), lies
/// 3.4 τ out: reachable, with data behind it.
enum DriftPrior {
    static let scale = 2.0

    /// The posterior mean and standard deviation of a drift estimated as `estimate` with sampling
    /// `variance`, under the prior N(0, scale²) (conjugate normal).
    static func posterior(estimate: Double, variance: Double) -> (mean: Double, spread: Double) {
        let precision = 1 / variance + 1 / (scale * scale)
        return (estimate / variance / precision, (1 / precision).squareRoot())
    }
}
