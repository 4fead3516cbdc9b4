import TrackCore

/// An evaluator plugin: turns a forecast's `evaluate:` parameters and the data into an assessment.
///
/// A plugin is built once per forecast from its parameter node (errors carry the node's
/// `file:line:column`), then asked to assess the forecast as of any day. It sees the model
/// through its `EvaluationContext`, never files or the CLI.
public protocol Evaluator: Sendable {
    /// The key that names the plugin under `evaluate:` (`threshold`, `trend`, ...).
    static var identifier: String { get }
    /// What the plugin does, its parameters and its examples.
    static var description: EvaluatorDescription { get }
    /// Builds the evaluator from its parameters; throws `DiagnosticsError` or `Diagnostic`,
    /// pointing into the YAML.
    init(parameters: EvaluatorParameters) throws
    /// Assesses the forecast. A thrown error becomes an `error` status for this forecast alone.
    func assess(_ context: EvaluationContext) throws -> Assessment
    /// The series the plugin reads, for checks across the parts of a combination.
    var reads: [SeriesKey] { get }
    /// Problems worth a warning in `track validate` that do not stop the plugin from running.
    var warnings: [Diagnostic] { get }
    /// The naive baseline `track score` measures skill against: the chance a plain random walk fitted to
    /// the forecast's own series gives, asked as of the day the forecast was made; nil when the plugin
    /// has no numeric target to ask it of.
    func naiveBaseline(_ context: EvaluationContext) -> Double?
    /// What had already happened on the day the forecast was made (`context` is cut there) that makes
    /// it true already, in words; nil when nothing had. `track validate` warns about such a forecast.
    func alreadyTrue(whenMade context: EvaluationContext) -> String?
}

extension Evaluator {
    public var reads: [SeriesKey] { [] }
    public var warnings: [Diagnostic] { [] }
    public func naiveBaseline(_ context: EvaluationContext) -> Double? { nil }
    public func alreadyTrue(whenMade context: EvaluationContext) -> String? { nil }
}

/// One series a plugin reads: an indicator, and a subject of it (nil: all its subjects).
public struct SeriesKey: Sendable, Hashable, CustomStringConvertible {
    public var indicator: String
    public var subject: String?

    public init(indicator: String, subject: String?) {
        self.indicator = indicator
        self.subject = subject
    }

    /// Whether the two may read the same observations: same indicator, and a subject in common.
    public func overlaps(_ other: SeriesKey) -> Bool {
        indicator == other.indicator && (subject == nil || other.subject == nil || subject == other.subject)
    }

    public var description: String { [indicator, subject].compactMap { $0 }.joined(separator: " / ") }
}

/// A plugin's self-description: shown by `track plugins`, and its examples are run as tests.
public struct EvaluatorDescription: Sendable {
    public var summary: String
    public var parameters: [Parameter]
    public var examples: [Example]

    public init(summary: String, parameters: [Parameter], examples: [Example]) {
        self.summary = summary
        self.parameters = parameters
        self.examples = examples
    }

    /// One parameter: its name, type, default and meaning.
    public struct Parameter: Sendable {
        public var name: String
        public var type: String
        /// The default, in words; nil when the parameter is required.
        public var defaultValue: String?
        public var summary: String

        public init(_ name: String, _ type: String, default defaultValue: String? = nil, _ summary: String) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
            self.summary = summary
        }
    }

    /// A worked example: parameters and data in, the expected status and probability out.
    public struct Example: Sendable {
        public var name: String
        /// The value of `evaluate:`, as YAML (the one-key mapping naming the plugin).
        public var evaluate: String
        /// Indicator files by id, as YAML.
        public var indicators: [String: String]
        public var made: String
        public var deadline: String
        public var asOf: String
        public var expectedStatus: Status
        public var expectedProbability: ClosedRange<Double>?

        public init(
            _ name: String, evaluate: String, indicators: [String: String] = [:], made: String = "2025-01-01",
            deadline: String, asOf: String, status: Status, probability: ClosedRange<Double>?
        ) {
            self.name = name
            self.evaluate = evaluate
            self.indicators = indicators
            self.made = made
            self.deadline = deadline
            self.asOf = asOf
            self.expectedStatus = status
            self.expectedProbability = probability
        }
    }
}
