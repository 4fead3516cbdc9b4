import Foundation
import TrackCore

/// The probability of an event that has not happened yet, with no model of progress: the prior
/// chance over the forecast's whole window W, spread by a hazard of Weibull shape k (constant k = 1,
/// rising k = 2, falling k = ½). With H(t) = H_W (t / W)^k and H_W = -ln(1 - prior), the chance
/// left after t days without the event is 1 - exp(-(H(W) - H(t))) (STATISTICS.md, "Hazards").
public struct Prior: Sendable {
    /// How the hazard changes over the window.
    public enum Shape: String, CaseIterable, Sendable {
        case constant, rising, falling

        var exponent: Double {
            switch self {
            case .constant: 1
            case .rising: 2
            case .falling: 0.5
            }
        }
    }

    /// The chance over the whole window; nil means "the forecast's stated probability, else 0.5".
    public let probability: Double?
    let shape: Shape

    public init(probability: Double?, shape: Shape = .constant) {
        self.probability = probability
        self.shape = shape
    }

    public static let parameter = EvaluatorDescription.Parameter(
        "prior", "probability", default: "the forecast's stated probability, else 0.5",
        "chance of the event over the forecast's whole window, before any progress is seen")

    public static let shapeParameter = EvaluatorDescription.Parameter(
        "hazard", "constant | rising | falling", default: "constant",
        "how the chance is spread over the window: evenly, more of it late (Weibull k = 2), or more of it early (k = 0.5)")

    /// Reads `prior` and `hazard`.
    public static func read(_ fields: inout FieldReader) -> Prior {
        Prior(
            probability: fields.optional("prior") { try $0.probability() },
            shape: fields.optional("hazard") { try $0.oneOf(Shape.self) } ?? .constant)
    }

    /// The chance the event still happens between the context's cut-off and the deadline.
    public func remaining(in context: EvaluationContext) -> Double {
        remaining(of: probability ?? context.forecast.statedProbability ?? 0.5, in: context)
    }

    /// The chance left of an event with `windowProbability` over the whole window.
    public func remaining(of windowProbability: Double, in context: EvaluationContext) -> Double {
        let p = min(0.999_999, max(0, windowProbability))
        let window = Double(context.windowDays)
        let elapsed = min(window, max(0, window - Double(context.daysLeft)))
        let total = -log(1 - p)
        let k = shape.exponent
        return 1 - exp(-total * (1 - pow(elapsed / window, k)))
    }

    /// "prior 0.55 over 2026-06-15...2027-09-30, constant hazard".
    public func explanation(in context: EvaluationContext) -> String {
        let prior = probability ?? context.forecast.statedProbability ?? 0.5
        return "prior \(prior.formatted) over \(context.forecast.made)...\(context.deadline), \(shape.rawValue) hazard"
    }
}
