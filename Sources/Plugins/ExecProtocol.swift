import Tracker

/// The JSON an `exec` plugin reads on standard input and writes on standard output (protocol 1).
enum ExecProtocol {
    static let version = 1

    struct Request: Encodable {
        var `protocol` = ExecProtocol.version
        var asOf: Day
        var prediction: PredictionInfo
        var parameters: JSONValue
        var indicators: [String: IndicatorInfo]
    }

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
        var observations: [ObservationInfo]
    }

    struct ObservationInfo: Encodable {
        var date: Day
        @EncodedAsNull var subject: String?
        var value: JSONValue
        var source: String
        @EncodedAsNull var note: String?

        /// An observation as programs see it: numbers as numbers, states as strings.
        init(_ observation: Observation) {
            date = observation.date
            subject = observation.subject
            value = observation.value.number.map(JSONValue.number) ?? .string(observation.value.description)
            source = observation.source
            note = observation.note
        }
    }

    /// Why a program's answer could not be decoded, in a few words.
    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            context.debugDescription
        default: "\(error)"
        }
    }

    /// What the program answers.
    struct Response: Decodable {
        var verdict: Verdict
        var probability: Double?
        var summary: String
        var evidence: [EvidenceInfo]?
    }

    struct EvidenceInfo: Decodable {
        var label: String
        var value: String
        var date: String?
        var source: String?
    }
}
