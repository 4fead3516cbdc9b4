import TrackCore
import TrackEngine
import TrackExec

/// What an `exec` evaluator's program reads (protocol 1): the day, the forecast, its parameters and the
/// observations of the indicators it asked for, dated on or before the day.
struct ExecEvaluatorRequest: Encodable {
    var `protocol` = ExecProtocol.version
    var asOf: Day
    var prediction: PredictionInfo
    var parameters: JSONValue
    var indicators: [String: IndicatorInfo]

    struct PredictionInfo: Encodable {
        var id: String
        var statement: String
        var made: Day
        var deadline: Day
        @EncodedAsNull var statedProbability: Double?
        var criteria: String
        var tags: [String]
    }

    struct IndicatorInfo: Encodable {
        var name: String
        @EncodedAsNull var unit: String?
        var kind: String
        @EncodedAsNull var better: String?
        var states: [String]
        var observations: [ExecProtocol.ObservationInfo]
    }
}

/// What an `exec` evaluator's program answers.
struct ExecEvaluatorAnswer: Decodable {
    var verdict: Verdict
    var probability: Double?
    var summary: String
    var evidence: [EvidenceInfo]?

    struct EvidenceInfo: Decodable {
        var label: String
        var value: String
        var date: String?
        var source: String?
    }
}
