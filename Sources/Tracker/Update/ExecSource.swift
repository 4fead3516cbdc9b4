import Foundation
import TrackCore
import TrackEngine
import TrackExec

/// `exec` as a source of observations: a program `track-source-NAME`, in any language, that reads a
/// JSON request on standard input and answers the observations it finds, each with its own source.
/// It runs through the same `ProgramRunner` as `exec` evaluators (own process group, time limit,
/// output cap).
struct ExecSource: ObservationSource {
    static let identifier = "exec"
    static let fields: [FileSchema.Field] = [
        .init("program", .slug, "The NAME in track-source-NAME, a program in the workspace's plugins/ folder or on the PATH."),
        .init("parameters", .any, "Passed to the program as JSON (any YAML)."),
        .init("timeout", .positiveNumber, "Seconds the program may take (default 10)."),
    ]
    /// Seconds the program may run unless `timeout` says otherwise (the same as `exec` evaluators).
    static let defaultTimeout = 10.0

    let program: String
    let executable: URL
    /// The workspace the program is looked up in, for the trust check.
    let workspaceRoot: String
    let parameterValue: JSONValue
    let timeout: Double

    init(_ configuration: SourceConfiguration, fields: inout FieldReader) throws(DiagnosticsError) {
        let program = fields.required("program") { try $0.slug() }
        parameterValue = fields.optional("parameters") { JSONValue($0) } ?? .null
        timeout = fields.sourceTimeout(default: Self.defaultTimeout)
        guard let program else { throw DiagnosticsError([]) }
        guard let executable = PluginPrograms.locate("track-source-\(program)", workspace: configuration.workspaceRoot) else {
            throw DiagnosticsError([
                Diagnostic(
                    "no executable track-source-\(program) in the workspace's plugins/ folder or on the PATH; add it (chmod +x) or fix the name",
                    at: fields.node("program")!.mark)
            ])
        }
        self.program = program
        self.executable = executable
        workspaceRoot = configuration.workspaceRoot
    }

    func fetch(for indicator: Indicator) throws(SourceFailure) -> SourceAnswer {
        let name = "track-source-\(program)"
        // Code that came with the workspace runs only once the user has trusted it (`track trust`).
        if let refusal = PluginTrust().refusal(toRun: executable, workspace: workspaceRoot) { throw SourceFailure(refusal) }
        let request = Request(
            indicator: .init(
                id: indicator.id, name: indicator.name, unit: indicator.unit, kind: indicator.kind.rawValue,
                better: indicator.better?.rawValue, states: indicator.states),
            latest: indicator.latest(asOf: indicator.observations.map(\.date).max() ?? Day(year: 1, month: 1, day: 1)!).map(
                ExecProtocol.ObservationInfo.init),
            parameters: parameterValue)
        let response: Response
        do {
            response = try ExecProtocol.exchange(
                request, with: ProgramRunner(executable: executable, timeout: timeout), answer: Response.self)
        } catch {
            throw SourceFailure("\(error)")
        }
        var entries: [IndicatorEditor.Entry] = []
        var problems: [Diagnostic] = []
        for (position, item) in response.observations.enumerated() {
            let mark = SourceMark(file: "\(name) (answer)", line: position + 1, column: 1)
            guard let date = Day(item.date) else {
                problems.append(
                    Diagnostic("observation \(position + 1): 'date' \(TerminalText.excerpt(item.date)) is not YYYY-MM-DD", at: mark))
                continue
            }
            // Sources never invent sources: an observation without one is refused, not given the program's name.
            guard let source = item.source, source.contains(where: { !$0.isWhitespace }) else {
                problems.append(
                    Diagnostic("observation \(position + 1) has no 'source'; the program must cite where each value comes from", at: mark))
                continue
            }
            let value: String
            switch item.value {
            case .number(let number): value = ImportValue.text(number)
            case .string(let text): value = text
            default:
                problems.append(Diagnostic("observation \(position + 1): 'value' must be a number or a state (a string)", at: mark))
                continue
            }
            entries.append(
                IndicatorEditor.Entry(date: date, subject: item.subject, value: value, source: source, note: item.note, origin: mark))
        }
        if !problems.isEmpty {
            throw SourceFailure(
                "\(name) answered \(problems.count) malformed observation\(problems.count == 1 ? "" : "s"); nothing was added",
                diagnostics: problems)
        }
        return SourceAnswer(origin: name, content: .entries(entries, rowCount: entries.count, filteredOut: 0, incomplete: 0))
    }

    /// What the program reads (protocol 1): the indicator, its latest observation per subject, the parameters.
    struct Request: Encodable {
        var `protocol` = ExecProtocol.version
        var indicator: IndicatorInfo
        var latest: [ExecProtocol.ObservationInfo]
        var parameters: JSONValue
    }

    struct IndicatorInfo: Encodable {
        var id: String
        var name: String
        @EncodedAsNull var unit: String?
        var kind: String
        @EncodedAsNull var better: String?
        var states: [String]
    }

    /// What the program answers.
    struct Response: Decodable {
        var observations: [ObservationItem]
    }

    struct ObservationItem: Decodable {
        var date: String
        var subject: String?
        var value: JSONValue
        var source: String?
        var note: String?
    }
}
