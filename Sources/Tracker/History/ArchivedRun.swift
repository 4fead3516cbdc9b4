import Foundation
import TrackCore
import TrackEngine

/// One run as it is kept in `history/`: a JSON Lines file whose first line is the run's header and
/// each further line one forecast's evaluation, keys sorted and probabilities rounded to four places,
/// so that a diff between two runs reads line by line.
public struct ArchivedRun: Sendable, Equatable {
    /// The first line: when, as of which day, by which track, from which commit, on which machine.
    public struct Header: Sendable, Equatable, Codable {
        /// The file format's version.
        public var format: Int = 1
        public var kind: HistoryStore.RunKind
        /// `YYYY-MM-DD`.
        public var asOf: String
        /// ISO 8601 in UTC, whole seconds.
        public var recordedAt: String
        /// The machine or CI job that ran it: a short host name, `github-RUNID` or `gitlab-JOBID`.
        public var runner: String
        public var trackVersion: String
        public var gitCommit: String?
        /// Whether the workspace had uncommitted changes (nil when unknown, as for converted runs).
        public var dirty: Bool?
    }

    /// One forecast's evaluation in the run.
    public struct Entry: Sendable, Equatable, Codable {
        public var id: String
        public var status: Status
        public var probability: Double?
        public var summary: String
        public var evidence: [ArchivedEvidence]
        /// The newest observation of the stalest indicator read (`YYYY-MM-DD`).
        public var dataAsOf: String?
        /// The indicators read whose evidence was stale.
        public var staleIndicators: [String]?
    }

    public var header: Header
    /// Sorted by forecast id.
    public var entries: [Entry]

    public var asOf: Day { Day(header.asOf) ?? Day(daysSinceEpoch: 0) }
    public var kind: HistoryStore.RunKind { header.kind }
    /// The run's time, whole seconds.
    public var recordedAt: Date { Self.time(header.recordedAt) ?? Date(timeIntervalSince1970: 0) }

    public init(header: Header, entries: [Entry]) {
        self.header = header
        self.entries = entries.sorted { $0.id < $1.id }
    }

    /// A run of `evaluations`, its time cut to whole seconds.
    public init(
        _ evaluations: [Evaluation], asOf: Day, kind: HistoryStore.RunKind, recordedAt: Date, runner: String, trackVersion: String,
        gitCommit: String?, dirty: Bool?
    ) {
        let header = Header(
            kind: kind, asOf: asOf.description, recordedAt: recordedAt.formatted(Self.timeFormat), runner: runner,
            trackVersion: trackVersion,
            gitCommit: gitCommit, dirty: dirty)
        self.init(
            header: header,
            entries: evaluations.map { evaluation in
                Entry(
                    id: evaluation.predictionID, status: evaluation.status, probability: JSONNumber.probability(evaluation.probability),
                    summary: evaluation.summary, evidence: evaluation.evidence.map(ArchivedEvidence.init),
                    dataAsOf: evaluation.dataAsOf?.description,
                    staleIndicators: evaluation.staleIndicators.isEmpty ? nil : evaluation.staleIndicators)
            })
    }

    /// The file's text: one line of sorted-key JSON per record, ending in a newline.
    public func text() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines = [String(decoding: try encoder.encode(header), as: UTF8.self)]
        for entry in entries { lines.append(String(decoding: try encoder.encode(entry), as: UTF8.self)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a file's text (line ends LF or CRLF, as a Windows clone may have them); a line that is not
    /// a header or an entry, or holds values track never writes (a probability outside [0, 1], an
    /// as-of day after the run's time or before 1900), is an error naming `file:line:1`.
    public init(text: String, file: String) throws {
        let decoder = JSONDecoder()
        var header: Header?
        var entries: [Entry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let mark = SourceMark(file: file, line: index + 1, column: 1)
            do {
                if header == nil {
                    let decoded = try decoder.decode(Header.self, from: Data(line.utf8))
                    guard let asOf = Day(decoded.asOf), let time = Self.time(decoded.recordedAt) else {
                        throw DiagnosticsError([Diagnostic("the run's asOf must be YYYY-MM-DD and recordedAt ISO 8601 in UTC", at: mark)])
                    }
                    // A run is as of its own day (in some time zone) or, for a backtest, an earlier one.
                    let latest = Day(daysSinceEpoch: Int((time.timeIntervalSince1970 / 86_400).rounded(.down)) + 1)
                    guard asOf >= Self.earliestDay, asOf <= latest else {
                        throw DiagnosticsError([
                            Diagnostic(
                                "the run's asOf \(asOf) is not a day track records (before 1900, or after the run's time \(decoded.recordedAt))",
                                at: mark)
                        ])
                    }
                    header = decoded
                } else {
                    let entry = try decoder.decode(Entry.self, from: Data(line.utf8))
                    if let probability = entry.probability, !(0...1).contains(probability) {
                        throw DiagnosticsError([
                            Diagnostic(
                                "'\(TerminalText.excerpt(entry.id))' has the probability \(probability), outside [0, 1]; track never writes one",
                                at: mark)
                        ])
                    }
                    if let dataAsOf = entry.dataAsOf, Day(dataAsOf) == nil {
                        throw DiagnosticsError([Diagnostic("'dataAsOf' must be YYYY-MM-DD", at: mark)])
                    }
                    entries.append(entry)
                }
            } catch let error as DiagnosticsError {
                throw error
            } catch {
                let what = header == nil ? "the run's header" : "a forecast's evaluation"
                throw DiagnosticsError([
                    Diagnostic(
                        "not \(what) as track writes it (\(Self.reason(error))); restore the file from git (git checkout -- FILE)", at: mark
                    )
                ])
            }
        }
        guard let header else {
            throw DiagnosticsError([Diagnostic("an empty history file; restore it from git or delete it", file: file)])
        }
        self.init(header: header, entries: entries)
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "not JSON" : "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' is not valid"
        default: "\(error)"
        }
    }

    /// The earliest as-of day a history file may hold.
    static let earliestDay = Day(year: 1900, month: 1, day: 1)!

    /// ISO 8601 in UTC, whole seconds: `2026-11-29T07:00:00Z`.
    static let timeFormat = Date.ISO8601FormatStyle()

    static func time(_ text: String) -> Date? { try? timeFormat.parse(text) }
}

/// A piece of evidence as kept in a history file: what `Evidence` holds, readable back.
public struct ArchivedEvidence: Sendable, Equatable, Codable {
    public var label: String
    public var value: String
    public var date: String?
    public var source: String?
    public var indicator: String?

    public init(_ evidence: Evidence) {
        label = evidence.label
        value = evidence.value
        date = evidence.date?.description
        source = evidence.source
        indicator = evidence.indicator
    }
}
