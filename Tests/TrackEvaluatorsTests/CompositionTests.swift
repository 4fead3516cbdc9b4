import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

@Suite("all, any and not")
struct CompositionTests {
    /// A forecast combining `leader` parts, each on its own benchmark, whose probabilities are their
    /// priors (no scores yet, assessed the day the forecast was made).
    private func combined(_ plugin: String, _ priors: [Double]) throws -> Evaluation {
        let parts = priors.indices.map { "  - leader: {indicator: score\($0), subject: v9, prior: \(priors[$0])}" }.joined(separator: "\n")
        let indicators = Dictionary(uniqueKeysWithValues: priors.indices.map { ("score\($0)", Examples.scores) })
        let workspace = try PluginWorkspace(
            evaluate: "\(plugin):\n\(parts)", indicators: indicators, made: "2025-06-01", deadline: "2026-12-31")
        return try workspace.evaluate(asOf: "2025-06-01")
    }

    @Test(
        "under independence, P(all) is the product, and the summary gives the bounds for any dependence",
        arguments: [
            [0.9, 0.5], [0.2, 0.3, 0.99], [0.7, 0.7, 0.7, 0.7], [0.05, 0.9],
        ])
    func allBound(priors: [Double]) throws {
        let evaluation = try combined("all", priors)
        let probability = try #require(evaluation.probability)
        #expect(abs(probability - priors.reduce(1, *)) < 1e-9)
        // Fréchet: [max(0, Σp − (n − 1)), min p].
        let low = max(0, priors.reduce(0, +) - Double(priors.count - 1))
        #expect(
            evaluation.said.contains("\(low.formatted(digits: 2))...\(priors.min()!.formatted(digits: 2)) whatever their dependence"))
    }

    @Test(
        "under independence, P(any) is one minus the product of misses, with the bounds for any dependence",
        arguments: [
            [0.9, 0.5], [0.2, 0.3, 0.01], [0.1, 0.1, 0.1, 0.1], [0.0, 0.4],
        ])
    func anyBound(priors: [Double]) throws {
        let evaluation = try combined("any", priors)
        let probability = try #require(evaluation.probability)
        #expect(abs(probability - (1 - priors.reduce(1) { $0 * (1 - $1) })) < 1e-9)
        // Fréchet: [max p, min(1, Σp)].
        let high = min(1, priors.reduce(0, +))
        #expect(
            evaluation.said.contains("\(priors.max()!.formatted(digits: 2))...\(high.formatted(digits: 2)) whatever their dependence"))
    }

    @Test("parts that read the same series draw a warning; nested milestone states do not")
    func sharedDataWarning() throws {
        let shared = try PluginWorkspace(
            evaluate: "all:\n  - leader: {indicator: score, subject: v9, prior: 0.5}\n  - threshold: {indicator: score, target: 99}",
            indicators: ["score": Examples.scores], deadline: "2026-12-31")
        let warnings = shared.engine().diagnostics
        #expect(warnings.map(\.severity) == [.warning])
        #expect(warnings.first?.message.contains("parts 1 and 2 of 'all' both read score") == true)
        let nested = try PluginWorkspace(
            evaluate:
                "all:\n  - milestone: {indicator: release, subject: v4, reaches: announced}\n  - milestone: {indicator: release, subject: v4, reaches: released}",
            indicators: ["release": Examples.release], deadline: "2026-12-31")
        #expect(nested.engine().diagnostics.isEmpty)
    }

    @Test("not flips the verdict and the probability; contradicted data make it come true, no data does not")
    func negation() throws {
        let noValue = try PluginWorkspace(
            evaluate: "not: {leader: {indicator: score, subject: v9, prior: 0.3}}", indicators: ["score": Examples.scores],
            made: "2025-06-01", deadline: "2026-12-31")
        #expect(abs(try #require(try noValue.evaluate(asOf: "2025-06-01").probability) - 0.7) < 1e-9)
        // No value of v9 by the deadline: nothing to decide by, so neither the part nor its negation is settled.
        #expect(try noValue.evaluate(asOf: "2027-01-05").status == .untestable)
        // r1 has a score and never led: the part failed, so "not" came true.
        let behind = try PluginWorkspace(
            evaluate: "not: {leader: {indicator: score, subject: r1}}", indicators: ["score": Examples.scores], deadline: "2025-12-31")
        #expect(try behind.evaluate(asOf: "2026-01-05").status == .met)
    }
}
