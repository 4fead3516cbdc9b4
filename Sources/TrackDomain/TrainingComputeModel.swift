import Foundation
import TrackCore
import TrackEngine

/// Training compute, time, cost and energy of a run: C = 6 N D (plus attention over the
/// context when given); GPU-hours = C / (3600 F_peak MFU); cost = GPU-hours x price;
/// energy = GPU-hours x board power x PUE.
public struct TrainingComputeModel: Sendable {
    /// Data-centre overhead on board power: 1.1-1.4 is typical (NUMBERS.md); 1.2.
    public static let defaultPUE = 1.2
    /// Compute for a fixed result halves every ~8 months, 95% CI 5-14 (Ho et al. 2024, arXiv 2403.05812).
    public static let algorithmicHalvingMonths = 8.0
    public static let algorithmicHalvingInterval = (low: 5.0, high: 14.0)

    public var activeParameters: Double
    public var tokens: Double
    public var accelerator: Accelerator?
    public var precision: Accelerator.Precision
    /// Whether the run trains a Mixture-of-Experts model (its default MFU is lower).
    public var mixtureOfExperts: Bool
    /// Share of the run's wall-clock GPU time spent training (`TrainingUtilization.availability` by default).
    public var availability: Double
    /// Model FLOPs utilization over the whole run, of the peak at `precision`: the steady-state MFU times the
    /// availability.
    public var mfu: Double
    public var pue: Double
    public var gpus: Int?
    public var pricePerHourUSD: Double?
    /// Attention FLOP per training token (`ModelArchitecture.trainingAttentionFLOPsPerToken`); 0 to leave it out.
    public var attentionFLOPsPerToken: Double

    /// `mfu` nil takes the fitted default for the hardware, kind and precision (`TrainingUtilization`) times
    /// `availability`; a given `mfu` is the whole run's.
    public init(
        activeParameters: Double, tokens: Double, accelerator: Accelerator? = nil, precision: Accelerator.Precision = .bf16,
        mixtureOfExperts: Bool = false, mfu: Double? = nil, availability: Double = TrainingUtilization.availability,
        utilization: TrainingUtilization = TrainingUtilization(), pue: Double = defaultPUE, gpus: Int? = nil,
        pricePerHourUSD: Double? = nil, attentionFLOPsPerToken: Double = 0
    ) {
        self.activeParameters = activeParameters
        self.tokens = tokens
        self.accelerator = accelerator
        self.precision = precision
        self.mixtureOfExperts = mixtureOfExperts
        self.availability = availability
        self.mfu =
            mfu
            ?? utilization.steadyStateMFU(
                on: accelerator, precision: precision, activeParameters: activeParameters, mixtureOfExperts: mixtureOfExperts)
            * availability
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

    /// Why the run cannot be modelled on its hardware, or nil: FP8 or FP4 on a chip without units for it (an
    /// A100 would run the FP8 run's matrix products in BF16, at no gain).
    public var precisionProblem: String? {
        guard let accelerator, !accelerator.hasUnits(for: precision) else { return nil }
        let has = Accelerator.Precision.allCases.filter { accelerator.peakFLOPS[$0] != nil }.map(\.rawValue).joined(separator: ", ")
        return "\(accelerator.id) has no \(precision.rawValue.uppercased()) units (its catalog lists peaks for \(has)): "
            + "train at \(accelerator.computePrecision(for: precision).rawValue), or choose hardware with \(precision.rawValue.uppercased()) units"
    }

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
