import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

/// Every example in every plugin's description, run through the engine: a plugin's
/// documentation cannot drift from its behaviour.
@Suite("Plugin examples")
struct PluginExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let plugin: String
        let example: EvaluatorDescription.Example
        var testDescription: String { "\(plugin): \(example.name)" }
    }

    static let cases: [Case] = BuiltInEvaluators.all.flatMap { type in
        type.description.examples.map { Case(plugin: type.identifier, example: $0) }
    }

    @Test("every plugin documents its parameters and has examples")
    func everyPluginHasExamples() {
        for type in BuiltInEvaluators.all {
            #expect(!type.description.examples.isEmpty, "\(type.identifier) has no example")
            #expect(!type.description.parameters.isEmpty, "\(type.identifier) documents no parameter")
            #expect(!type.description.summary.isEmpty)
        }
        #expect(
            Set(BuiltInEvaluators.all.map { $0.identifier }) == [
                "threshold", "trend", "path", "milestone", "leader", "all", "any", "not", "compute-efficiency", "capability-price",
                "moe-cost", "training-compute", "exec",
            ])
    }

    @Test("the example gives the documented status and probability", arguments: cases)
    func example(_ testCase: Case) throws {
        let example = testCase.example
        let workspace = try PluginWorkspace(
            evaluate: example.evaluate, indicators: example.indicators, made: example.made, deadline: example.deadline)
        let evaluation = try workspace.evaluate(asOf: example.asOf)
        #expect(evaluation.status == example.expectedStatus, "\(evaluation.summary)")
        #expect(PlainSummaryTests.problem(with: evaluation) == nil)
        if let range = example.expectedProbability {
            let probability = try #require(evaluation.probability, "\(evaluation.summary)")
            #expect(range.contains(probability), "probability \(probability): \(evaluation.summary)")
        } else {
            #expect(evaluation.probability == nil, "\(evaluation.summary)")
        }
    }
}
