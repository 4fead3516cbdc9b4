import Tracker

/// The evaluators a combinator holds, each with a label for explanations.
struct SubEvaluators: Sendable {
    let parts: [(label: String, evaluator: any Evaluator)]

    /// Reads a list of `evaluate:`-style one-key mappings, at least `minimum` of them.
    init(_ parameters: EvaluatorParameters, minimum: Int) throws {
        let items = try parameters.node.sequence()
        guard items.count >= minimum else {
            throw Diagnostic("'\(parameters.identifier)' takes a list of at least \(minimum) evaluators", at: parameters.node.mark)
        }
        var parts: [(String, any Evaluator)] = []
        var problems: [Diagnostic] = []
        for (index, item) in items.enumerated() {
            do {
                let evaluator = try parameters.evaluator(item)
                parts.append(("\(index + 1). \(type(of: evaluator).identifier)", evaluator))
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        self.parts = parts
    }

    /// Every part's assessment, labelled.
    func assess(_ context: EvaluationContext) throws -> [Assessment.Part] {
        try parts.map { Assessment.Part(label: $0.label, assessment: try $0.evaluator.assess(context)) }
    }
}
