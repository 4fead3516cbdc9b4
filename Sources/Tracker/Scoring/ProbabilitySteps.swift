import TrackCore
import TrackEngine

/// Probabilities that each stand from their day until the next: a forecaster's entries, a tracker's runs,
/// a crowd's observations.
enum ProbabilitySteps {
    /// One value per day, in day order: of several on one day, the one that comes last in `values`.
    static func latestPerDay(_ values: [(day: Day, probability: Double)]) -> [(day: Day, probability: Double)] {
        var steps: [(day: Day, probability: Double)] = []
        for value in values.enumerated().sorted(by: { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }).map(\.element) {
            if steps.last?.day == value.day { steps[steps.count - 1] = value } else { steps.append(value) }
        }
        return steps
    }
}
