import Testing
@testable import Plugins
import Tracker

@Suite("all, any and not")
struct CompositionTests {
    /// A forecast combining `leader` parts whose probabilities are their priors (no scores yet).
    private func combined(_ plugin: String, _ priors: [Double]) throws -> Evaluation {
        let parts = priors.map { "  - leader: {indicator: score, subject: v9, prior: \($0)}" }.joined(separator: "\n")
        let workspace = try PluginWorkspace(evaluate: "\(plugin):\n\(parts)", indicators: ["score": Examples.scores], deadline: "2026-12-31")
        return try workspace.evaluate(asOf: "2025-06-01")
    }

    @Test("under independence, P(all) is the product and never above the smallest part", arguments: [
        [0.9, 0.5], [0.2, 0.3, 0.99], [0.7, 0.7, 0.7, 0.7], [0.05, 1.0],
    ])
    func allBound(priors: [Double]) throws {
        let probability = try #require(try combined("all", priors).probability)
        #expect(abs(probability - priors.reduce(1, *)) < 1e-12)
        #expect(probability <= priors.min()!)
    }

    @Test("under independence, P(any) is one minus the product of misses and never below the largest part", arguments: [
        [0.9, 0.5], [0.2, 0.3, 0.01], [0.1, 0.1, 0.1, 0.1], [0.0, 0.4],
    ])
    func anyBound(priors: [Double]) throws {
        let evaluation = try combined("any", priors)
        let probability = try #require(evaluation.probability)
        #expect(abs(probability - (1 - priors.reduce(1) { $0 * (1 - $1) })) < 1e-12)
        #expect(probability >= priors.max()!)
        #expect(evaluation.summary.contains("if the parts are independent"))
    }

    @Test("not flips the verdict and the probability")
    func negation() throws {
        let workspace = try PluginWorkspace(
            evaluate: "not: {leader: {indicator: score, subject: v9, prior: 0.3}}", indicators: ["score": Examples.scores], deadline: "2026-12-31")
        #expect(try workspace.evaluate(asOf: "2025-06-01").probability == 0.7)
        // At the deadline v9 never led: the part failed, so "not" came true.
        #expect(try workspace.evaluate(asOf: "2027-01-05").status == .met)
    }
}
