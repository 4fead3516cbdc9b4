import TrackCore
import TrackEngine

/// An evaluator made of parts (`all`, `any`): what it reads, its warnings and its naive baseline are
/// its parts'.
protocol Combinator: Evaluator {
    var parts: SubEvaluators { get }
}

extension Combinator {
    var reads: [SeriesKey] { parts.reads }
    var warnings: [Diagnostic] { parts.warnings }
    func naiveBaseline(_ context: EvaluationContext) -> Double? { parts.naiveBaseline(context) }
    func alreadyTrue(whenMade context: EvaluationContext) -> String? { parts.alreadyTrue(whenMade: context) }
}

/// The evaluators a combinator holds, each with a label for explanations, and how their
/// probabilities combine when the parts may depend on each other.
struct SubEvaluators: Sendable {
    let parts: [(label: String, evaluator: any Evaluator)]
    /// Pairs of parts that read the same series, as warnings for `track validate`.
    let warnings: [Diagnostic]

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
        warnings = parts.flatMap(\.1.warnings) + Self.sharedData(parts.map(\.1), items: Array(items), combinator: parameters.identifier)
    }

    /// Every series the parts read.
    var reads: [SeriesKey] { parts.flatMap(\.evaluator.reads) }

    /// The naive baseline of the first part that has one.
    func naiveBaseline(_ context: EvaluationContext) -> Double? {
        parts.lazy.compactMap { $0.evaluator.naiveBaseline(context) }.first
    }

    /// The parts already true on the day the forecast was made, labelled; nil when none is.
    func alreadyTrue(whenMade context: EvaluationContext) -> String? {
        let found = parts.compactMap { part in part.evaluator.alreadyTrue(whenMade: context).map { "part \(part.label): \($0)" } }
        return found.isEmpty ? nil : found.joined(separator: "; ")
    }

    /// Every part's assessment, labelled.
    func assess(_ context: EvaluationContext) throws -> [Assessment.Part] {
        try parts.map { Assessment.Part(label: $0.label, assessment: try $0.evaluator.assess(context)) }
    }

    /// A part's state for its combinator's summary: its chance and the first clause of its summary
    /// (what the value is now), "(3%): no value of deepseek-v4-pro on frontiermath yet".
    static func headline(of part: Assessment) -> String {
        (part.probability.map { " (\(PlainSummary.chance($0)))" } ?? "") + ": " + firstClause(part.summary)
    }

    /// A summary up to its first ";": what the value is now, without what is needed.
    static func firstClause(_ summary: String) -> String {
        summary.split(separator: ";", maxSplits: 1).first.map(String.init) ?? summary
    }

    /// A warning for each pair of parts that read the same indicator and subject, unless they are
    /// nested states of one milestone series (combined exactly, not as independent).
    private static func sharedData(_ evaluators: [any Evaluator], items: [YAMLNode], combinator: String) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for i in evaluators.indices {
            for j in evaluators.indices where j > i {
                if let a = nesting(evaluators[i]), let b = nesting(evaluators[j]), a.series == b.series { continue }
                guard let shared = evaluators[i].reads.first(where: { key in evaluators[j].reads.contains { $0.overlaps(key) } }) else {
                    continue
                }
                warnings.append(
                    Diagnostic(
                        "parts \(i + 1) and \(j + 1) of '\(combinator)' both read \(shared): they are not independent; the probability "
                            + "shown assumes they are, and the bounds in the summary hold whatever the dependence",
                        at: items[j].mark, severity: .warning))
            }
        }
        return warnings
    }

    /// The milestone series and state rank of a part that is a plain milestone.
    static func nesting(_ evaluator: any Evaluator) -> (series: SeriesKey, rank: Int)? {
        (evaluator as? MilestoneEvaluator)?.nesting
    }

    /// The pending parts' probabilities with nested milestone states merged: for `all`, of the
    /// states of one series only the latest counts (it implies the others); for `any`, only the earliest.
    func independentChances(_ assessed: [Assessment.Part], keepLatestState: Bool) -> [Double] {
        var chances: [Double] = []
        var nested: [SeriesKey: (rank: Int, chance: Double)] = [:]
        for (part, piece) in zip(parts, assessed) where piece.assessment.verdict == .pending {
            let chance = piece.assessment.probability ?? 0
            guard let (series, rank) = Self.nesting(part.evaluator) else {
                chances.append(chance)
                continue
            }
            if let current = nested[series], keepLatestState ? current.rank >= rank : current.rank <= rank { continue }
            nested[series] = (rank, chance)
        }
        return chances + nested.values.map(\.chance)
    }
}

/// How the probabilities of parts combine: the independence estimate and the Fréchet bounds that
/// hold whatever the dependence (STATISTICS.md, "Combining parts").
struct CombinedChance: Sendable {
    let estimate: Double
    let low: Double
    let high: Double

    /// Every part must happen: Π p, within [max(0, Σp − (n − 1)), min p].
    static func all(_ chances: [Double]) -> CombinedChance {
        let n = Double(chances.count)
        return CombinedChance(
            estimate: chances.reduce(1, *), low: max(0, chances.reduce(0, +) - (n - 1)), high: chances.min() ?? 1)
    }

    /// Some part must happen: 1 − Π(1 − p), within [max p, min(1, Σp)].
    static func any(_ chances: [Double]) -> CombinedChance {
        CombinedChance(
            estimate: 1 - chances.reduce(1) { $0 * (1 - $1) }, low: chances.max() ?? 0, high: min(1, chances.reduce(0, +)))
    }

    /// "P = 0.12 if the parts are independent; 0.00...0.35 whatever their dependence".
    var description: String {
        "P = \(estimate.formatted(digits: 2)) if the parts are independent; \(low.formatted(digits: 2))...\(high.formatted(digits: 2)) whatever their dependence"
    }
}
