/// Workspace settings from the optional track.yaml.
public struct Settings: Sendable {
    /// The workspace's name, shown in reports.
    public var name: String?
    /// Days without a new observation after which an indicator counts as stale (per-indicator `stale-after-days` wins).
    public var staleAfterDays: Int = 180
    /// How pending forecasts' probabilities map to on-track, at-risk and behind.
    public var statusThresholds = StatusThresholds()

    public init() {}
}
