import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// One forecast with a known outcome, for measuring calibration: its series up to the day it is
/// assessed, the question, what then happened, and the probabilities other estimators give.
public struct SimulatedForecast: Sendable {
    /// The indicator's id and its file's text (YAML); forecasts may share one.
    public var indicatorID: String
    public var indicator: String
    /// The `evaluate:` configuration, on one line.
    public var evaluate: String
    public var made: Day
    public var deadline: Day
    /// The day the forecast is assessed (the data are cut there).
    public var asOf: Day
    /// How many observations the series has on the day it is assessed (nil for events).
    public var points: Int?
    /// Whether it came true.
    public var happened: Bool
    /// The value on the deadline, for interval coverage (nil for events).
    public var valueAtDeadline: Double?
    /// Probabilities (and 80% intervals on the deadline, where the estimator has one) of the
    /// reference estimators and of the generating model, by name.
    public var references: [String: Estimate]
    /// Forecasts in one cluster share their errors (one series, or one series and year): the
    /// bootstrap resamples whole clusters. Nil: the forecast is its own.
    public var cluster: String?

    /// A probability, and optionally an 80% interval for the value on the deadline.
    public struct Estimate: Sendable {
        public var probability: Double
        public var interval: ClosedRange<Double>?

        public init(_ probability: Double, interval: ClosedRange<Double>? = nil) {
            self.probability = probability
            self.interval = interval
        }
    }
}
