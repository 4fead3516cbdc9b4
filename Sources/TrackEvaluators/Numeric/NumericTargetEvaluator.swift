import TrackCore
import TrackEngine

/// An evaluator of one numeric target (`threshold`, `trend`): the series it reads, its naive baseline,
/// and the data's own verdict come from its `NumericTarget`; it models only a series still open.
protocol NumericTargetEvaluator: Evaluator {
    var numeric: NumericTarget { get }
    /// The assessment of a series the data have not settled yet.
    func assess(_ open: NumericTarget.OpenSeries, in context: EvaluationContext) -> Assessment
}

extension NumericTargetEvaluator {
    var reads: [SeriesKey] { numeric.reads }

    func naiveBaseline(_ context: EvaluationContext) -> Double? { numeric.randomWalkBaseline(context) }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        switch numeric.prepare(context) {
        case .settled(let assessment): assessment
        case .open(let open): assess(open, in: context)
        }
    }
}
