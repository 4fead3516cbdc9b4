import Foundation
import TrackCore
import TrackEngine

/// Training compute, time, cost and energy of a run: C = 6 N D (plus attention over the
/// context when given); GPU-hours = C / (3600 F_peak MFU); cost = GPU-hours x price;
/// energy = GPU-hours x board power x PUE.
public struct TrainingComputeModel: Sendable {
    /// The MFU a run reaches by default, as a share of the peak at its own precision. Lower
    /// precisions reach a smaller share of their (higher) peak:
    /// - BF16, FP16, TF32, FP32: 0.40. Llama 3 405B reached 38-43% of BF16 peak on 16k H100s
    ///   ("The Llama 3 Herd of Models", 2024).
    /// - FP8: 0.18. DeepSeek-V3, the one frontier FP8 run with published GPU-hours, implies 17.3% of
    ///   FP8 peak (3.29e24 FLOP in 2.664M H800-hours, NUMBERS.md), i.e. 34.6% of BF16 peak: FP8 bought
    ///   little over a BF16 run's 40%. Dense runs gain more: torchao reports 1.25x end to end over BF16 for
    ///   Llama 3 8B, Transformer Engine's GEMM benchmark 1.4-1.6x for the GEMMs alone
    ///   (nvidia.github.io/TransformerEngine, "GEMM Speedups Across Precisions"), 25-32% of FP8 peak at
    ///   40% of BF16; 0.18 is the conservative end, set by the one frontier FP8 run.
    /// - FP4: 0.09, half the FP8 share by the same reasoning; no frontier FP4 run has published hours.
    public static func defaultMFU(_ precision: Accelerator.Precision) -> Double {
        switch precision {
        case .fp32, .tf32, .bf16, .fp16: 0.40
        case .fp8: 0.18
        case .fp4: 0.09
        }
    }
    /// Data-centre overhead on board power: 1.1-1.4 is typical (NUMBERS.md); 1.2.
    public static let defaultPUE = 1.2
    /// Compute for a fixed result halves every ~8 months, 95% CI 5-14 (Ho et al. 2024, arXiv 2403.05812).
    public static let algorithmicHalvingMonths = 8.0
    public static let algorithmicHalvingInterval = (low: 5.0, high: 14.0)

    public var activeParameters: Double
    public var tokens: Double
    public var accelerator: Accelerator?
    public var precision: Accelerator.Precision
    public var mfu: Double
    public var pue: Double
    public var gpus: Int?
    public var pricePerHourUSD: Double?
    /// Attention FLOP per training token (`ModelArchitecture.trainingAttentionFLOPsPerToken`); 0 to leave it out.
    public var attentionFLOPsPerToken: Double

    /// `mfu` nil takes the precision's default (`defaultMFU`).
    public init(
        activeParameters: Double, tokens: Double, accelerator: Accelerator? = nil, precision: Accelerator.Precision = .bf16,
        mfu: Double? = nil, pue: Double = defaultPUE, gpus: Int? = nil, pricePerHourUSD: Double? = nil,
        attentionFLOPsPerToken: Double = 0
    ) {
        self.activeParameters = activeParameters
        self.tokens = tokens
        self.accelerator = accelerator
        self.precision = precision
        self.mfu = mfu ?? Self.defaultMFU(precision)
        self.pue = pue
        self.gpus = gpus
        self.pricePerHourUSD = pricePerHourUSD ?? accelerator?.pricePerHourUSD
        self.attentionFLOPsPerToken = attentionFLOPsPerToken
    }

    /// Training FLOP: 6 N D, plus attention per token when modelled.
    public var trainingFLOP: Double {
        6 * activeParameters * tokens + attentionFLOPsPerToken * tokens
    }

    /// The accelerator's peak at the run's precision.
    public var peakFLOPS: Double? { accelerator?.peak(precision) }

    public var gpuHours: Double? { peakFLOPS.map { trainingFLOP / (3600 * $0 * mfu) } }

    public var days: Double? {
        guard let gpuHours, let gpus, gpus > 0 else { return nil }
        return gpuHours / Double(gpus) / 24
    }

    public var costUSD: Double? {
        guard let gpuHours, let pricePerHourUSD else { return nil }
        return gpuHours * pricePerHourUSD
    }

    /// Energy in MWh: board power only, times the PUE.
    public var energyMWh: Double? {
        guard let gpuHours, let accelerator else { return nil }
        return gpuHours * accelerator.boardPowerWatts / 1e6 * pue
    }

    /// The MFU that `gpuHours` of this run on this accelerator implies.
    public func impliedMFU(gpuHours hours: Double) -> Double? {
        peakFLOPS.map { trainingFLOP / (hours * 3600 * $0) }
    }

    /// Compute needed for a result that took `flop` on `day`, as of `later`, if algorithms keep
    /// halving it every `halvingMonths`.
    public static func computeForFixedResult(_ flop: Double, from day: Day, to later: Day, halvingMonths: Double = algorithmicHalvingMonths)
        -> Double
    {
        flop * pow(2, -months(from: day, to: later) / halvingMonths)
    }

    /// Months between two days (an average month: 30.4375 days).
    public static func months(from day: Day, to later: Day) -> Double {
        Double(day.days(until: later)) / 30.4375
    }
}
