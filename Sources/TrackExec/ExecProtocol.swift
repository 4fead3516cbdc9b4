import Foundation
import TrackCore

/// What track and an external program (`track-eval-NAME`, `track-source-NAME`) exchange: one JSON
/// request on the program's standard input, one JSON answer on its standard output (protocol 1).
public enum ExecProtocol {
    public static let version = 1

    /// Sends `request` to the program `runner` runs and decodes its answer; `ExecError` with the reason
    /// (and the start of what it printed) when the answer is not the JSON expected.
    public static func exchange<Answer: Decodable>(
        _ request: some Encodable, with runner: ProgramRunner, answer: Answer.Type
    ) throws -> Answer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let output = try runner.run(input: try encoder.encode(request))
        do {
            return try JSONDecoder().decode(Answer.self, from: output)
        } catch {
            let start = String(decoding: output.prefix(200), as: UTF8.self)
            throw ExecError("\(runner.executable.lastPathComponent) printed malformed JSON (\(reason(error))): \(start)")
        }
    }

    /// An observation as programs see it: numbers as numbers, states as strings.
    public struct ObservationInfo: Encodable, Sendable {
        var date: Day
        @EncodedAsNull var subject: String?
        var value: JSONValue
        var source: String
        @EncodedAsNull var note: String?

        public init(_ observation: Observation) {
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
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            context.debugDescription
        default: "\(error)"
        }
    }
}

/// Why an external program failed; an evaluator's error shows it as the forecast's error, a source's as
/// the update's.
public struct ExecError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
