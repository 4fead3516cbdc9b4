import Foundation
import Tracker

/// The probability of an event that has not happened yet, with no model of progress: the prior
/// chance over the forecast's whole window, spread as a constant hazard, so the chance left
/// shrinks as time passes without the event. P(by deadline) = 1 - exp(-h t_left), with
/// h = -ln(1 - prior) / (deadline - made).
struct Prior: Sendable {
    /// The chance over the whole window; nil means "the forecast's stated probability, else 0.5".
    let probability: Double?

    static let parameter = EvaluatorDescription.Parameter(
        "prior", "probability", default: "the forecast's stated probability, else 0.5",
        "chance of the event over the forecast's whole window, before any progress is seen")

    /// The chance the event still happens between the context's day and the deadline.
    func remaining(in context: EvaluationContext) -> Double {
        let prior = min(0.999, max(0, probability ?? context.prediction.probability ?? 0.5))
        let window = Double(max(1, context.prediction.made.days(until: context.deadline)))
        let left = Double(max(0, context.asOf.days(until: context.deadline)))
        let hazard = -log(1 - prior) / window
        return 1 - exp(-hazard * min(left, window))
    }

    /// "prior 0.55 spread over 2026-06-15...2027-09-30".
    func explanation(in context: EvaluationContext) -> String {
        let prior = probability ?? context.prediction.probability ?? 0.5
        return "prior \(prior.formatted) over \(context.prediction.made)...\(context.deadline), as a constant hazard"
    }
}
