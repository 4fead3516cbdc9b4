import Foundation

/// One published training run (calibration/training-runs.yaml): its size, hardware and one figure, the whole
/// run's GPU-hours or a steady-state MFU.
public struct TrainingMeasurement: Sendable {
    public enum Measure: String, CaseIterable, Sendable {
        /// GPU-hours (chip-hours) of the whole run, downtime included.
        case gpuHours = "gpu-hours"
        /// Steady-state MFU as published, of the BF16 peak: throughput while training, no downtime.
        case mfu
    }

    public var id: String
    public var publication: String
    public var activeParameters: Double
    public var tokens: Double
    public var mixtureOfExperts: Bool
    public var accelerator: Accelerator
    public var precision: Accelerator.Precision
    public var measure: Measure
    public var measured: Double
    public var url: String

    /// The model's GPU-hours for the run, whole-run MFU from `utilization` (GPU-hours measures) or its
    /// steady-state MFU (MFU measures), as a ratio to the measured figure: above 1, the model is slower.
    public func ratio(with utilization: TrainingUtilization) -> Double {
        let steady = utilization.steadyStateMFU(
            on: accelerator, precision: precision, activeParameters: activeParameters, mixtureOfExperts: mixtureOfExperts)
        switch measure {
        case .gpuHours:
            let run = TrainingComputeModel(
                activeParameters: activeParameters, tokens: tokens, accelerator: accelerator, precision: precision,
                mixtureOfExperts: mixtureOfExperts, utilization: utilization)
            return (run.gpuHours ?? .nan) / measured
        case .mfu:
            return measured / steady
        }
    }

    /// ln of the steady-state MFU at BF16 that the measurement implies (GPU-hours measures: divided by the
    /// availability and by the realised share of a narrower precision's peak).
    public var impliedLogBF16SteadyStateMFU: Double {
        guard let peak = accelerator.peak(.bf16) else { return .nan }
        let realised = accelerator.realisedPeak(precision) ?? peak
        switch measure {
        case .gpuHours:
            return log(6 * activeParameters * tokens / (measured * 3600 * realised * TrainingUtilization.availability))
        case .mfu:
            return log(measured * (accelerator.peak(precision) ?? peak) / realised)
        }
    }
}
