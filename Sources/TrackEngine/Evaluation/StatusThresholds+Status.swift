import TrackCore

extension StatusThresholds {
    /// The status of an assessment made before the deadline, or at it.
    public func status(of assessment: Assessment, deadlinePassed: Bool) -> Status {
        switch assessment.verdict {
        case .happened: deadlinePassed ? .met : .ahead
        case .failed: .missed
        case .untestable: .untestable
        case .pending:
            switch assessment.probability ?? 0 {
            case onTrack...: .onTrack
            case atRisk...: .atRisk
            default: .behind
            }
        }
    }
}
