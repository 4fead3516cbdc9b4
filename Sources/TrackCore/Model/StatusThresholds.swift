/// How a pending forecast's probability maps to a status; track.yaml can change the bounds.
public struct StatusThresholds: Sendable, Hashable {
    /// From this probability up, a pending forecast is `on-track`.
    public var onTrack: Double = 0.6
    /// From this probability up (and below `onTrack`), it is `at-risk`; below, `behind`.
    public var atRisk: Double = 0.3

    public init() {}

    public init(onTrack: Double, atRisk: Double) {
        self.onTrack = onTrack
        self.atRisk = atRisk
    }
}
