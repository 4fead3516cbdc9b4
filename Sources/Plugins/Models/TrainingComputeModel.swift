import Foundation
import Tracker

/// Training compute, time, cost and energy of a run: C = 6 N D (plus attention over the
/// context when given); GPU-hours = C / (3600 F_peak MFU); cost = GPU-hours x price;
/// energy = GPU-hours x board power x PUE.
public struct TrainingComputeModel: Sendable {
    /// Llama 3's reported MFU on 16k H100s was 38-43% ("The Llama 3 Herd of Models", 2024): 0.4.
    public static let defaultMFU = 0.4
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
    /// Layers, width and context for the attention term 6 L ctx d per token; nil to leave it out.
    public var attention: (layers: Int, modelDimension: Int, context: Int)?

    public init(
        activeParameters: Double, tokens: Double, accelerator: Accelerator? = nil, precision: Accelerator.Precision = .bf16,
        mfu: Double = defaultMFU, pue: Double = defaultPUE, gpus: Int? = nil, pricePerHourUSD: Double? = nil,
        attention: (layers: Int, modelDimension: Int, context: Int)? = nil
    ) {
        self.activeParameters = activeParameters
        self.tokens = tokens
        self.accelerator = accelerator
        self.precision = precision
        self.mfu = mfu
        self.pue = pue
        self.gpus = gpus
        self.pricePerHourUSD = pricePerHourUSD ?? accelerator?.pricePerHourUSD
        self.attention = attention
    }

    /// Training FLOP: 6 N D, plus 6 L ctx d per token for attention when modelled.
    public var trainingFLOP: Double {
        let attentionPerToken = attention.map { 6 * Double($0.layers) * Double($0.context) * Double($0.modelDimension) } ?? 0
        return 6 * activeParameters * tokens + attentionPerToken * tokens
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
    public static func computeForFixedResult(_ flop: Double, from day: Day, to later: Day, halvingMonths: Double = algorithmicHalvingMonths) -> Double {
        flop * pow(2, -months(from: day, to: later) / halvingMonths)
    }

    /// Months between two days (an average month: 30.4375 days).
    public static func months(from day: Day, to later: Day) -> Double {
        Double(day.days(until: later)) / 30.4375
    }
}
