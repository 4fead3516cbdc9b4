import Foundation
import TrackCore
import TrackEngine

/// One scorer's scores on one resolved forecast, averaged over the days of its window
/// (docs/history-and-scoring.md#the-time-averaged-score).
///
/// On each day the scorer's probability is its latest one dated on or before that day (a forecaster's
/// entry, a tracker run, a crowd observation); before its first one, the prior 0.5 stands in. The day's
/// Brier score is (p - outcome)², its log score ln of the probability given to what happened (p clamped to
/// 0.01-0.99, as `ProbabilityScores` does); the time-averaged scores are the means over the window's days.
public struct TimeAveragedScore: Sendable, Encodable, Equatable {
    /// The probability that stands in before a scorer's first one: always saying 0.5.
    public static let prior = 0.5

    public var brier: Double
    public var logScore: Double
    /// The window's days, and how many of them the scorer had a probability of its own (the rest had the prior).
    public var days: Int
    public var coveredDays: Int
    /// The mean of the scorer's own probabilities over the days it had one: what its calibration table bins.
    public var meanProbability: Double

    /// The scores of `probabilities` (each standing from its day until the next; several on one day, the last
    /// counts) over `window`, for an outcome that `happened` or not; nil when none stands in the window.
    public init?(_ probabilities: [(day: Day, probability: Double)], window: ScoringWindow, happened: Bool) {
        let steps = ProbabilitySteps.latestPerDay(probabilities)
        // The one standing on the window's first day, and those that follow within it.
        let before = steps.lastIndex { $0.day <= window.first }
        let within = steps.filter { $0.day > window.first && $0.day <= window.last }
        let standing = (before.map { [(window.first, steps[$0].probability)] } ?? []) + within
        guard let start = standing.first?.day else { return nil }

        func dayBrier(_ p: Double) -> Double { (p - (happened ? 1 : 0)) * (p - (happened ? 1 : 0)) }
        func dayLog(_ p: Double) -> Double {
            let clamped = min(ProbabilityScores.logClamp.upperBound, max(ProbabilityScores.logClamp.lowerBound, p))
            return log(happened ? clamped : 1 - clamped)
        }
        let priorDays = Double(window.first.days(until: start))
        var brierSum = priorDays * dayBrier(Self.prior)
        var logSum = priorDays * dayLog(Self.prior)
        var probabilitySum = 0.0
        for (index, step) in standing.enumerated() {
            let next = index + 1 < standing.count ? standing[index + 1].day : window.last.adding(days: 1)
            let days = Double(step.day.days(until: next))
            brierSum += days * dayBrier(step.probability)
            logSum += days * dayLog(step.probability)
            probabilitySum += days * step.probability
        }
        days = window.days
        coveredDays = start.days(until: window.last) + 1
        // Without the noise of binary arithmetic (12 significant digits), as JSON shows numbers.
        brier = JSONNumber.clean(brierSum / Double(days))
        logScore = JSONNumber.clean(logSum / Double(days))
        meanProbability = JSONNumber.clean(probabilitySum / Double(coveredDays))
    }
}
