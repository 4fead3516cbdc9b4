/// Workspace settings from the optional track.yaml.
public struct Settings: Sendable {
    /// The workspace's name, shown in reports.
    public var name: String?
    /// Days without a new observation after which an indicator counts as stale (per-indicator `stale-after-days` wins).
    public var staleAfterDays: Int = 180
    /// How pending forecasts' probabilities map to on-track, at-risk and behind.
    public var statusThresholds = StatusThresholds()
    /// The evaluation history, relative to the workspace (default `.track/history.sqlite`).
    public var historyPath = Settings.defaultHistoryPath
    /// The range a pending forecast's probability is kept in: data or a resolution may decide a
    /// forecast, a model or a trend may not (`probability-bounds: [0.01, 0.99]`).
    public var probabilityBounds: ClosedRange<Double> = 0.01...0.99
    /// `track evaluate` reports probability moves at least this large.
    public var alertProbabilityChange = 0.1
    /// The people (or publications) whose probabilities forecasts record under `said:`.
    public var forecasters: [String] = []
    /// Who a forecast's stated `probability` is by (`default-forecaster`); nil: `stated`.
    public var defaultForecaster: String?

    /// The name the stated `probability` of a forecast is scored under.
    public var statedForecaster: String { defaultForecaster ?? Self.statedName }

    /// The stated probability's forecaster when track.yaml names no `default-forecaster`.
    public static let statedName = "stated"

    public init() {}

    /// Where the history index lives unless track.yaml says otherwise.
    public static let defaultHistoryPath = Workspace.stateDirectory + "/history.sqlite"
}
