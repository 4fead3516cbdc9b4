import Foundation

/// The MFU a training run reaches by default, fitted once to the published runs of
/// calibration/training-runs.yaml by `TrainingCalibration.fit` (every publication weighted equally) and
/// cross-validated by leaving each publication out (`swift run -c release --package-path Tools
/// TrackCostModelBenchmark`; docs/models.md, "Training model calibration").
///
/// ln MFU = intercept + hardwareSlope x ln(ridge / 150) + sizeSlope x ln(N / 10B) + mixtureOfExpertsTerm [MoE],
/// where ridge is the chip's BF16 peak over its memory bandwidth, FLOP per byte, and N the active parameters.
/// Normalisations, optimizer steps and the attention softmax run at memory speed, so a chip whose compute
/// outgrows its bandwidth (H100: 295 FLOP/byte against A100's 153) reaches a smaller share of its peak, as the
/// published runs show (A100 runs 0.32-0.51, H100 runs 0.14-0.35 of BF16 peak); larger models run larger GEMMs;
/// MoE runs reach less for their routing, all-to-all and smaller expert GEMMs. The size effect the table
/// resolves is small (the benchmark prints the fit without it beside).
///
/// This is the steady-state MFU, at BF16; a run at FP8 or FP4 gets `Accelerator.realisedPeak` of its own peak,
/// as inference does. Whole runs also lose time to failures, restarts and evaluation: `availability`.
public struct TrainingUtilization: Sendable, Equatable {
    /// ln MFU on a chip with 150 FLOP per byte (A100: 153), dense. Fitted.
    public var intercept = -0.699
    /// Change of ln MFU per e-fold of the chip's BF16 FLOP per byte of memory bandwidth. Fitted.
    public var hardwareSlope = -0.632
    /// Change of ln MFU per e-fold of active parameters. Fitted.
    public var sizeSlope = 0.045
    /// Change of ln MFU for a Mixture-of-Experts model. Fitted.
    public var mixtureOfExpertsTerm = -0.113
    /// FLOP per byte at which the hardware term vanishes.
    public static let referenceRidge = 150.0
    /// Active parameters at which the size term vanishes.
    public static let referenceParameters = 1e10

    /// Share of a whole run's GPU time that trains: the two runs that publish both their steady-state MFU and
    /// their whole-run GPU-hours give 0.84 (Llama 3.1 405B: 38-43% reported, 0.345 over 30.84M H100-hours) and
    /// 0.67 (PaLM 540B: 45.7% without attention reported, 0.304 over its chip-hours "including some downtime and
    /// repeated steps"); their geometric mean, 0.75. Measured, not fitted.
    public static let availability = 0.75

    public init() {}

    /// The chip's BF16 FLOP per byte of memory bandwidth; nil without a BF16 peak.
    public static func ridge(_ accelerator: Accelerator) -> Double? {
        accelerator.peak(.bf16).map { $0 / accelerator.memoryBandwidthBytesPerSecond }
    }

    /// Steady-state MFU of the peak at `precision` (no availability) for a model with `activeParameters`: the
    /// BF16 fit, times the realised share of a narrower format's peak. Without hardware, the reference chip's.
    public func steadyStateMFU(
        on accelerator: Accelerator?, precision: Accelerator.Precision, activeParameters: Double, mixtureOfExperts: Bool
    ) -> Double {
        let ridge = accelerator.flatMap(Self.ridge) ?? Self.referenceRidge
        let bf16 = exp(
            intercept + hardwareSlope * log(ridge / Self.referenceRidge) + sizeSlope * log(activeParameters / Self.referenceParameters)
                + (mixtureOfExperts ? mixtureOfExpertsTerm : 0))
        guard let accelerator, let peak = accelerator.peak(precision), let realised = accelerator.realisedPeak(precision) else {
            return bf16
        }
        return bf16 * realised / peak
    }
}
