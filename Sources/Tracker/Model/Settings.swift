/// Workspace settings from the optional track.yaml.
public struct Settings: Sendable {
    /// The workspace's name, shown in reports.
    public var name: String?
    /// Days without a new observation after which an indicator counts as stale (per-indicator `stale-after-days` wins).
    public var staleAfterDays: Int = 180

    public init() {}
}
