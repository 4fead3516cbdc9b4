import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators

/// The model plugins refuse what cannot be modelled (a configuration error, exit 65 at `validate`), and treat a
/// deployment that does not fit as having no cost: untestable, with the reason.
@Suite("moe-cost and training-compute: refusals and deployments that do not fit")
struct ModelPluginRefusalTests {
    private func diagnostics(_ evaluate: String) throws -> [String] {
        let workspace = try PluginWorkspace(evaluate: evaluate, deadline: "2026-12-31")
        return workspace.engine().diagnostics.map(\.message)
    }

    @Test(
        "configuration errors name the problem",
        arguments: [
            (
                "moe-cost: {model: opt-13b, hardware: a100, gpus: 1, user-tokens-per-second: 1000, baseline: {model: opt-13b, hardware: a100, gpus: 1}, at-most: 1}",
                "no batch reaches 1000 tokens/s per user"
            ),
            (
                "moe-cost: {model: deepseek-v3, hardware: h800, gpus: 512, baseline: {model: deepseek-v3, hardware: h800, gpus: 32}, at-most: 1}",
                "needs at least one routed expert per GPU"
            ),
            (
                "moe-cost: {model: opt-13b, hardware: a100, gpus: 2, parallelism: ep, baseline: {model: opt-13b, hardware: a100, gpus: 1}, at-most: 1}",
                "is dense"
            ),
            (
                "training-compute: {parameters: 7e9, tokens: 1e12, hardware: a100, precision: fp8, check: gpu-hours, claimed: 1e5}",
                "a100 has no FP8 units"
            ),
        ])
    func refusals(evaluate: String, message: String) throws {
        let found = try diagnostics(evaluate)
        #expect(found.contains { $0.contains(message) }, "\(found)")
    }

    /// A moe-cost claim (cost at most the baseline's) for `deployment` against `baseline`, evaluated in mid-2025.
    private func moeCost(_ deployment: String, tokens: String, baseline: String) throws -> Evaluation {
        let workspace = try PluginWorkspace(
            evaluate: "moe-cost: {\(deployment), price: 2, tokens: \(tokens), baseline: {\(baseline), price: 2}, at-most: 1}",
            deadline: "2026-12-31")
        return try workspace.evaluate(asOf: "2025-06-01")
    }

    @Test("a deployment that does not fit has no cost, input or output: untestable with the reason", arguments: ["output", "input"])
    func unfitIsUntestable(tokens: String) throws {
        let evaluation = try moeCost(
            "model: llama-3.1-405b, hardware: h100, gpus: 8, batch: 1", tokens: tokens,
            baseline: "model: llama-3.1-70b, hardware: h100, gpus: 8")
        #expect(evaluation.status == .untestable, "\(evaluation.summary)")
        #expect(evaluation.probability == nil)
        #expect(evaluation.said.contains("does not fit on 8 x h100"), "\(evaluation.said)")
    }

    @Test("the stated spread follows the tokens priced: decode for output, prefill for input, times sqrt 2 against a baseline")
    func spreadByMeasure() throws {
        for (tokens, error) in [("output", ModelError.decode), ("input", ModelError.prefill)] {
            let deployment = "model: llama-3.1-70b, hardware: h100, gpus: 4"
            let evaluation = try moeCost(deployment, tokens: tokens, baseline: deployment)
            // The same deployment twice: the modelled ratio is 1, so the claim sits on the median.
            #expect(abs((evaluation.probability ?? 0) - 0.5) < 1e-6, "\(evaluation.summary)")
            #expect(
                evaluation.said.contains("a factor \(exp(error.sigma * 2.0.squareRoot()).formatted(digits: 2))"), "\(evaluation.said)"
            )
        }
    }
}
