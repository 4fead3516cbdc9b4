import Foundation
import TrackCore
import TrackEngine

/// A source of a crowd's probability (a market's price, a community forecast): one observation a day,
/// the day's latest replacing an earlier one of the same day.
public protocol CrowdSource: ObservationSource {}

extension CrowdSource {
    /// A price of today replaces an earlier one of the same day (`keep-existing: true` keeps the first).
    public static var defaultPolicy: IndicatorMerge.Policy { IndicatorMerge.Policy(replace: true) }
}

/// What a crowd source read in its service's answer: the crowd's probability now, or why there is none to add.
enum CrowdReading: Sendable, Equatable {
    /// Open: the crowd's probability of yes.
    case open(Double)
    /// Resolved (`YES`, `no`, ...), on this day when the answer says: the crowd forecasts no more.
    case resolved(String, on: Day?)
    /// Closed to trading or forecasting, its resolution still to come.
    case closed(on: Day?)
    /// Open, but the probability is not shown (yet), for this reason.
    case hidden(String)
}

/// What every crowd source shares: one JSON document at a URL of its service's public API, fetched as the
/// `csv` source fetches a table (conditionally on the last answer's validators, within `timeout` and
/// `max-bytes`), read by the source into the crowd's probability and written as one observation dated
/// the day of the update, citing the URL. A resolved or closed question adds nothing and says so.
struct CrowdFetch: Sendable {
    /// The parameters every crowd source takes beside its own.
    static let fields: [FileSchema.Field] = [
        .init("api", .string, "The API's base URL (default: the service's public API)."),
        .init("timeout", .positiveNumber, "Seconds the download may take (default 30)."),
        .init("max-bytes", .positiveInteger, "The largest answer accepted, in bytes (default 5000000)."),
    ]
    /// Seconds a download may take unless `timeout` says otherwise (as for the csv source).
    static let defaultTimeout = 30.0
    /// Bytes an answer may have unless `max-bytes` says otherwise: one market's JSON is a few kB.
    static let defaultMaximumBytes = 5_000_000

    /// The service, for messages: Manifold, Metaculus, Polymarket.
    let service: String
    /// What the answer describes, for messages: "market", "question".
    let noun: String
    let url: URL
    let fetch: HTTPFetch
    let configuration: SourceConfiguration
    /// Said after an HTTP 401 or 403 (the service wants a token, for instance).
    var accessHint: String?

    /// Reads `api`, `timeout` and `max-bytes`; the resource is `path` below the API's base URL (nil when the
    /// source's own parameters are missing, whose problems `fields` holds).
    init(
        service: String, noun: String, defaultAPI: String, path: String?, fields: inout FieldReader, configuration: SourceConfiguration
    ) throws(DiagnosticsError) {
        self.service = service
        self.noun = noun
        self.configuration = configuration
        let api =
            fields.optional("api") { node throws(Diagnostic) -> String in
                let text = try node.string()
                guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
                    url.query == nil, url.fragment == nil
                else { throw Diagnostic("'\(text)' is not an http:// or https:// base URL", at: node.mark) }
                return text.hasSuffix("/") ? String(text.dropLast()) : text
            } ?? defaultAPI
        let timeout = fields.sourceTimeout(default: Self.defaultTimeout)
        let maximumBytes = fields.optional("max-bytes") { try $0.positiveInt() } ?? Self.defaultMaximumBytes
        guard let path, let url = URL(string: api + path) else { throw DiagnosticsError([]) }
        self.url = url
        fetch = HTTPFetch(timeout: timeout, maximumBytes: maximumBytes)
    }

    /// A market slug or id as it may stand in a URL's path: letters, digits, '-', '_' and '.'.
    static func pathComponent(_ node: YAMLNode, what: String) throws(Diagnostic) -> String {
        let text = try node.string()
        let allowed = text.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0))
        }
        guard !text.isEmpty, allowed, text.first != "." else {
            throw Diagnostic(
                "'\(text)' is not \(what) (letters, digits, '-', '_' and '.'; the part of the page's URL after the last '/')", at: node.mark
            )
        }
        return text
    }

    /// Downloads the answer, has `read` find the crowd's probability in it, and answers what to add.
    func answer<Answer: Decodable>(
        _ type: Answer.Type, keys: JSONDecoder.KeyDecodingStrategy = .useDefaultKeys, read: (Answer) throws(SourceFailure) -> CrowdReading
    ) throws(SourceFailure) -> SourceAnswer {
        let origin = url.absoluteString
        let memoryPath = FetchMemory.path(indicatorID: configuration.indicatorID, cacheDirectory: configuration.cacheDirectory)
        let fingerprint = FetchMemory.fingerprint(configuration.node)
        let root = configuration.workspaceRoot
        let remembered = FetchMemory.validators(for: origin, configuration: fingerprint, at: memoryPath, within: root)
        let response: HTTPFetch.Response
        do throws(SourceFailure) {
            response = try fetch.get(url, validators: remembered)
        } catch {
            guard let accessHint, error.description.contains("HTTP 401") || error.description.contains("HTTP 403") else { throw error }
            throw SourceFailure(error.description + "; " + accessHint)
        }
        switch response {
        case .notModified:
            return SourceAnswer(origin: origin, content: .unchanged("not modified since the last update (HTTP 304)"))
        case .body(let data, let validators):
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = keys
            let decoded: Answer
            do {
                decoded = try decoder.decode(Answer.self, from: data)
            } catch {
                throw malformed(Self.reason(error))
            }
            let memory = FetchMemory(url: origin, configuration: fingerprint, validators: validators)
            let remember: (@Sendable () throws -> Void)? =
                validators.isEmpty ? nil : { @Sendable () throws(any Error) in try memory.save(to: memoryPath, within: root) }
            switch try read(decoded) {
            case .open(let probability):
                guard probability.isFinite, (0...1).contains(probability) else {
                    throw malformed("the probability \(probability) is not between 0 and 1")
                }
                let value = (probability * 10_000).rounded() / 10_000
                let entry = IndicatorEditor.Entry(date: configuration.today, subject: nil, value: "\(value)", source: origin, note: nil)
                return SourceAnswer(
                    origin: origin, content: .entries([entry], rowCount: 1, filteredOut: 0, incomplete: 0), commit: remember)
            case .resolved(let outcome, let day):
                return SourceAnswer(
                    origin: origin,
                    content: .unchanged(
                        "the \(noun) resolved \(outcome)\(day.map { " on \($0)" } ?? ""): the crowd forecasts no more, nothing added "
                            + "(track resolve records the forecast's own outcome)"))
            case .closed(let day):
                return SourceAnswer(
                    origin: origin,
                    content: .unchanged("the \(noun) closed\(day.map { " on \($0)" } ?? "") and awaits its resolution; nothing added"))
            case .hidden(let reason):
                return SourceAnswer(origin: origin, content: .unchanged("\(reason); nothing added"))
            }
        }
    }

    /// The failure of an answer that is not what the service's API documents.
    func malformed(_ reason: String) -> SourceFailure {
        SourceFailure(
            "\(url.absoluteString): the answer is not a \(service) \(noun) as its API documents it (\(reason)); nothing was added")
    }

    /// A decoding error in words: which field is missing or of the wrong type.
    static func reason(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String { context.codingPath.map(\.stringValue).joined(separator: ".") }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "no '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.codingPath.isEmpty ? "not a JSON object" : "'\(path(context))' has the wrong type"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "'\(path(context))' is not valid"
        default:
            return "\(error)"
        }
    }

    /// The day of a timestamp written `2026-05-01T12:00:00Z` or `2026-05-01 12:00:00+00` (its first ten characters).
    static func day(_ text: String?) -> Day? {
        text.flatMap { Day($0.prefix(10)) }
    }

    /// The day (UTC) of a time in milliseconds since 1970, as Manifold writes times.
    static func day(milliseconds: Double?) -> Day? {
        milliseconds.map { Day(daysSinceEpoch: Int(($0 / 86_400_000).rounded(.down))) }
    }
}
