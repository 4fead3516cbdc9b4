import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

@Suite("Plugin parameters")
struct PluginParameterTests {
    private func problems(_ evaluate: String) throws -> [String] {
        let workspace = try PluginWorkspace(
            evaluate: evaluate,
            indicators: ["price": Examples.falling, "release": Examples.release, "score": Examples.scores],
            deadline: "2026-12-31")
        return workspace.engine().diagnostics.map { diagnostic in
            let place = diagnostic.mark.map { ":\($0.line):\($0.column)" } ?? ""
            return "\(place) \(diagnostic.message)"
        }
    }

    @Test(
        "mistakes in parameters point at their place and say what to do",
        arguments: [
            (
                "threshold: {indicator: prise, target: 1}",
                ":11:30 'indicator': 'prise' is not a known indicator: price, release, score; did you mean 'price'? (add indicators/prise.yaml or fix the name)"
            ),
            (
                "threshold: {indicator: release, target: 1}",
                ":11:30 'indicator': 'release' is a state indicator; 'threshold' needs a numeric one"
            ),
            ("threshold: {indicator: price}", ":11:18 'threshold' parameters is missing the required field 'target'"),
            ("threshold: {indicator: price, target: cheap}", ":11:45 'target': expected a finite number, found the string 'cheap'"),
            ("threshold: {indicator: price, target: 1, aggregate: mean}", ":11:59 'aggregate': 'mean' is not one of best, worst, latest"),
            (
                "trend: {indicator: price, target: 1, model: quadratic}",
                ":11:51 'model': 'quadratic' is not one of auto, noise, random-walk"
            ),
            (
                "milestone: {indicator: release, reaches: shipped}",
                ":11:48 'reaches': 'shipped' is not a known state of 'release': rumoured, announced, released"
            ),
            (
                "milestone: {indicator: release, reaches: released, prior: 1.5}",
                ":11:65 'prior': probability 1.5 is outside 0...1; write 0.55 for 55%"
            ),
            ("leader: {indicator: score}", ":11:15 'leader' parameters is missing the required field 'subject'"),
            ("all: [{leader: {indicator: score, subject: x}}]", ":11:12 'all' takes a list of at least 2 evaluators"),
            (
                "any: [{leader: {indicator: score, subject: x}}, {leeder: {}}]",
                ":11:56 'leeder' is not a known plugin: 13 of them; did you mean 'leader'? (track plugins lists them)"
            ),
            (
                "path: {indicator: price, baseline: {date: 2025-01-01}, target: {value: 1}, tolerance: 0}",
                ":11:93 'tolerance': 'tolerance' must be above 0 (0.1 is a band of 10% of the whole change)"
            ),
        ])
    func mistakes(evaluate: String, expected: String) throws {
        let found = try problems(evaluate)
        #expect(found == [expected], "\(found)")
    }

    @Test(
        "valid parameters build without problems",
        arguments: [
            "threshold: {indicator: price, subject: a, target: {factor: 0.5, baseline: 2025-01-01}, since: 2025-01-01}",
            "trend: {indicator: price, target: {indicator: score, subject: o1, factor: 0.01}, min-points: 4}",
            "path: {indicator: price, baseline: {date: 2025-01-01, value: 2}, target: {value: 0.5, date: 2026-06-30}, shape: exponential}",
            "not: {leader: {indicator: score, subject: r1, tolerance: 1, prior: 0.2, behind: 0.05}}",
        ])
    func valid(evaluate: String) throws {
        #expect(try problems(evaluate).isEmpty)
    }
}
