import Foundation
import TrackCore
import TrackEngine

/// One forecast's evaluation as JSON: the encoding `status`, `explain`, `history` and `report` share.
/// Numbers are numbers (a `display` string beside them where the text matters), probabilities are
/// rounded to four places, days are `YYYY-MM-DD`.
public struct EvaluationRecord: Sendable, Encodable {
    public var id: String
    public var statement: String
    public var source: String
    public var made: Day
    /// The deadline as written (`2027-Q3`).
    public var deadline: Deadline
    /// The deadline's last day.
    public var deadlineDay: Day
    /// Days from the as-of day to the deadline (negative once overdue).
    public var daysLeft: Int
    public var criteria: String
    public var tags: [String]
    @EncodedAsNull public var statedProbability: Double?
    @EncodedAsNull public var resolution: ResolutionRecord?
    public var asOf: Day
    public var status: Status
    @EncodedAsNull public var probability: Double?
    /// The plain-language line `status` shows (at most `PlainSummary.limit` characters).
    public var summary: String
    /// How the evaluator reached it (its model and numbers); null when the summary says it all.
    @EncodedAsNull public var reasoning: String?
    public var evidence: [EvidenceRecord]
    @EncodedAsNull public var projection: ProjectionRecord?
    public var parts: [PartRecord]
    /// The newest observation of the stalest indicator read.
    @EncodedAsNull public var dataAsOf: Day?
    /// Whether any indicator read is older than its `stale-after-days`.
    public var stale: Bool
    public var staleIndicators: [String]
    /// Each forecaster's latest probability as of the day (the stated one among them).
    public var forecasters: [OtherProbabilities.Said]
    /// The crowd's latest probability as of the day, from the forecast's `crowd:` indicator.
    @EncodedAsNull public var crowd: OtherProbabilities.Crowd?

    public init(prediction: Prediction, evaluation: Evaluation, others: OtherProbabilities = OtherProbabilities()) {
        id = prediction.id
        statement = prediction.statement
        source = prediction.source
        made = prediction.made
        deadline = prediction.deadline
        deadlineDay = prediction.deadline.day
        daysLeft = evaluation.asOf.days(until: prediction.deadline.day)
        criteria = prediction.criteria
        tags = prediction.tags
        statedProbability = JSONNumber.probability(prediction.probability)
        resolution = prediction.resolution.map(ResolutionRecord.init)
        asOf = evaluation.asOf
        status = evaluation.status
        probability = JSONNumber.probability(evaluation.probability)
        summary = evaluation.summary
        reasoning = evaluation.reasoning
        evidence = evaluation.evidence.map(EvidenceRecord.init)
        projection = evaluation.assessment?.projection.map(ProjectionRecord.init)
        parts = evaluation.assessment?.parts.map(PartRecord.init) ?? []
        dataAsOf = evaluation.dataAsOf
        stale = evaluation.stale
        staleIndicators = evaluation.staleIndicators
        forecasters = others.forecasters.map {
            .init(by: $0.by, probability: JSONNumber.probability($0.probability)!, on: $0.on, stated: $0.stated)
        }
        crowd = others.crowd.map { .init(indicator: $0.indicator, probability: JSONNumber.probability($0.probability)!, date: $0.date) }
    }

    public struct ResolutionRecord: Sendable, Encodable {
        public var outcome: String
        public var date: Day
        public var source: String
        @EncodedAsNull public var note: String?

        init(_ resolution: Resolution) {
            outcome = resolution.outcome.rawValue
            date = resolution.date
            source = resolution.source
            note = resolution.note
        }
    }

    /// A piece of evidence: `value` is a number when the shown value starts with one, else the text.
    public struct EvidenceRecord: Sendable, Encodable {
        public var label: String
        public var value: JSONNumber.Value
        /// The value as shown, with its unit.
        public var display: String
        @EncodedAsNull public var date: Day?
        @EncodedAsNull public var source: String?
        @EncodedAsNull public var indicator: String?

        init(_ evidence: Evidence) {
            label = evidence.label
            display = evidence.value
            value = JSONNumber.Value(leadingNumberOf: evidence.value)
            date = evidence.date
            source = evidence.source
            indicator = evidence.indicator
        }
    }

    public struct ProjectionRecord: Sendable, Encodable {
        public var day: Day
        public var value: Double
        public var low: Double
        public var high: Double
        public var coverage: Double

        init(_ projection: Projection) {
            day = projection.day
            value = JSONNumber.clean(projection.value)
            low = JSONNumber.clean(projection.low)
            high = JSONNumber.clean(projection.high)
            coverage = JSONNumber.clean(projection.coverage)
        }
    }

    /// A part of an `all`, `any` or `not`, with its own parts.
    public struct PartRecord: Sendable, Encodable {
        public var label: String
        public var verdict: Verdict
        @EncodedAsNull public var probability: Double?
        public var summary: String
        @EncodedAsNull public var reasoning: String?
        public var evidence: [EvidenceRecord]
        @EncodedAsNull public var projection: ProjectionRecord?
        public var parts: [PartRecord]

        init(_ part: Assessment.Part) {
            label = part.label
            verdict = part.assessment.verdict
            probability = JSONNumber.probability(part.assessment.probability)
            summary = part.assessment.summary
            reasoning = part.assessment.reasoning
            evidence = part.assessment.evidence.map(EvidenceRecord.init)
            projection = part.assessment.projection.map(ProjectionRecord.init)
            parts = part.assessment.parts.map(PartRecord.init)
        }
    }
}

/// Numbers as JSON shows them: without binary floating noise (0.14, not 0.13999999999999999).
public enum JSONNumber {
    /// A probability rounded to four places.
    public static func probability(_ value: Double?) -> Double? {
        value.map { ($0 * 10_000).rounded() / 10_000 }
    }

    /// `value` rounded to 12 significant digits, which drops the noise of decimal arithmetic in binary.
    public static func clean(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        return value.roundedTo12Digits
    }

    /// A number, or a text when there is none.
    public enum Value: Sendable, Encodable, Equatable {
        case number(Double)
        case text(String)

        /// The number a shown value starts with (`0.42 usd_per_mtok`, `3.8e25`), else the text itself.
        public init(leadingNumberOf text: String) {
            let first = text.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            if let number = Double(first), number.isFinite { self = .number(JSONNumber.clean(number)) } else { self = .text(text) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .text(let text): try container.encode(text)
            }
        }
    }
}
