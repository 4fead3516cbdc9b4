import Foundation

/// One published measurement of a deployment (calibration/deployments.yaml): its settings and one figure.
public struct InferenceMeasurement: Sendable {
    /// What was measured.
    public enum Measure: String, CaseIterable, Sendable {
        /// Decode speed one user sees (1 / time per output token).
        case userTokensPerSecond = "user-tokens-per-second"
        /// Output tokens per second per GPU, decode alone.
        case decodeTokensPerSecondPerGPU = "decode-tokens-per-second-per-gpu"
        /// Prompt tokens served per second per GPU (cache hits included).
        case prefillTokensPerSecondPerGPU = "prefill-tokens-per-second-per-gpu"
        /// Output tokens per second per GPU, prefill and decode on the same GPUs.
        case servingOutputTokensPerSecondPerGPU = "serving-output-tokens-per-second-per-gpu"

        /// The stated error this measure calibrates: decode, prefill or serving.
        public var group: String {
            switch self {
            case .userTokensPerSecond, .decodeTokensPerSecondPerGPU: "decode"
            case .prefillTokensPerSecondPerGPU: "prefill"
            case .servingOutputTokensPerSecondPerGPU: "serving"
            }
        }
    }

    public var id: String
    /// The publication's id in the table's `sources`.
    public var publication: String
    public var deployment: InferenceCostModel
    /// The batch, or nil for the largest that meets `userTokensPerSecond` (or, without one, the largest that fits).
    public var batch: Int?
    public var userTokensPerSecond: Double?
    public var inputTokens: Int
    public var outputTokens: Int
    public var measure: Measure
    public var measured: Double
    public var url: String

    /// The batch the deployment runs at.
    public var runBatch: Int {
        if let batch { return batch }
        if let userTokensPerSecond { return max(1, deployment.largestBatch(userTokensPerSecond: userTokensPerSecond)) }
        return max(1, deployment.largestBatchInMemory)
    }

    /// The model's figure for `measure` with `utilization`.
    public func modelled(with utilization: InferenceCostModel.Utilization) -> Double {
        var deployment = self.deployment
        deployment.utilization = utilization
        var entry = self
        entry.deployment = deployment
        return entry.modelled
    }

    /// The model's figure for `measure` with the deployment's utilization.
    public var modelled: Double {
        switch measure {
        case .userTokensPerSecond: deployment.tokensPerSecondPerUser(batch: runBatch)
        case .decodeTokensPerSecondPerGPU: deployment.decodeTokensPerSecondPerGPU(batch: runBatch)
        case .prefillTokensPerSecondPerGPU: deployment.prefillTokensPerSecondPerGPU(inputTokens: inputTokens)
        case .servingOutputTokensPerSecondPerGPU:
            deployment.servingOutputTokensPerSecondPerGPU(batch: runBatch, inputTokens: inputTokens, outputTokens: outputTokens)
        }
    }
}
