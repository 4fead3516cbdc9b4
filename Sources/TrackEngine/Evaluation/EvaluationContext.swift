import TrackCore

/// What a plugin sees when it assesses one forecast: the forecast, the day, and a view of the data
/// cut at that day (or at the deadline once it has passed). It holds no workspace: no plugin can
/// read a file or an observation dated after the cut-off.
public struct EvaluationContext: Sendable {
    /// The forecast, without its resolution.
    public let forecast: Forecast
    /// The day the assessment is for, as requested (it may lie after the deadline).
    public let asOf: Day
    /// Every observation the plugin may use.
    public let data: DataView

    /// The range the engine keeps a pending probability in (the workspace's `probability-bounds`).
    public let probabilityBounds: ClosedRange<Double>

    /// A context for `prediction` as of `asOf` over `store`'s data. Only the engine builds one.
    init(store: SeriesStore, prediction: Prediction, asOf: Day, probabilityBounds: ClosedRange<Double> = 0.01...0.99) {
        forecast = Forecast(prediction)
        self.asOf = asOf
        data = DataView(store: store, cutoff: min(asOf, prediction.deadline.day))
        self.probabilityBounds = probabilityBounds
    }

    /// A pending probability as the engine will show it: "0.42", or "> 0.99" and "< 0.01" where the
    /// engine keeps it within its bounds, never a rounded 1 or 0.
    public func chance(_ probability: Double) -> String {
        if probability > probabilityBounds.upperBound { return "> \(probabilityBounds.upperBound.formatted)" }
        if probability < probabilityBounds.lowerBound { return "< \(probabilityBounds.lowerBound.formatted)" }
        return probability.formatted(digits: 2)
    }

    /// The last day of the forecast: the deadline counts, so the forecast can still come true on it.
    public var deadline: Day { forecast.deadline.day }

    /// The day data are cut at: the as-of day, or the deadline once it has passed.
    public var cutoff: Day { data.cutoff }

    /// Whether the deadline has passed: the forecast must now be settled (met, missed or untestable).
    public var isPastDeadline: Bool { asOf > deadline }

    /// Days of the forecast's window still to come, the cut-off day included (at least 0).
    public var daysLeft: Int { max(0, cutoff.days(until: deadline) + (isPastDeadline ? 0 : 1)) }

    /// The whole window in days, from the day the forecast was made to its deadline, both included.
    public var windowDays: Int { max(1, forecast.made.days(until: deadline) + 1) }

    /// The observations of `indicator` (one subject's when given) visible to the plugin, oldest first.
    public func observations(of indicator: IndicatorDefinition, subject: String? = nil) -> ArraySlice<Observation> {
        data.observations(of: indicator, subject: subject)
    }
}
