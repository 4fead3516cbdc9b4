import Foundation
import TrackCore
import TrackEngine
import TrackExec

/// `exec`: an external program `track-eval-NAME`, in any language, speaking JSON.
struct ExecEvaluator: Evaluator {
    static let identifier = "exec"

    static let description = EvaluatorDescription(
        summary: """
            Runs the program track-eval-NAME (from the workspace's plugins/ folder, else the PATH) with a JSON request \
            on standard input: {"protocol": 1, "asOf", "prediction", "parameters", "indicators": {id: {name, unit, kind, \
            better, states, observations}}}, with only the observations dated on or before asOf. It answers one JSON \
            object on standard output: {"verdict": "happened|failed|pending|untestable", "probability", "summary", \
            "evidence": [{"label", "value", "date", "source"}]}. A timeout, a crash, a non-zero exit or malformed output \
            is an error for that forecast, with the reason. Programs in plugins/ run only once the user has run `track trust` \
            in the workspace (and again after any change there); programs on the PATH run as they are.
            """,
        parameters: [
            .init("program", "name", "NAME in track-eval-NAME"),
            .init("indicators", "list of indicator ids", default: "none", "the indicators whose observations the request carries"),
            .init("parameters", "any YAML", default: "null", "passed to the program as JSON"),
            .init("timeout", "seconds", default: "10", "the program (and all it started) is stopped after this long; at most 120"),
            .init(
                "environment", "list of variable names", default: "none",
                "variables passed on from track's environment besides PATH, HOME, LANG and TZ (the program gets no others)"),
        ],
        examples: [
            .init(
                "the shipped example carries the stated probability", evaluate: "exec: {program: stated, parameters: {probability: 0.7}}",
                deadline: "2026-12-31", asOf: "2025-06-01", status: .onTrack, probability: 0.7...0.7)
        ])

    let program: String
    let executable: URL
    let indicators: [IndicatorDefinition]
    let parameterValue: JSONValue
    let timeout: Double
    /// The variables passed to the program from track's environment.
    let environment: [String: String]

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(["program", "indicators", "parameters", "timeout", "environment"])
        let program = fields.required("program") { try $0.slug() }
        let indicators =
            fields.optional("indicators") { node in try node.sequence().map { item throws(Diagnostic) in try parameters.indicator(item) } }
            ?? []
        parameterValue = fields.optional("parameters") { JSONValue($0) } ?? .null
        timeout =
            fields.optional("timeout") { node throws(Diagnostic) in
                let seconds = try node.double()
                guard seconds > 0, seconds <= ProgramRunner.maximumTimeout else {
                    throw Diagnostic("must be above 0 and at most \(ProgramRunner.maximumTimeout.formatted) seconds", at: node.mark)
                }
                return seconds
            } ?? 10
        let names: [String] =
            fields.optional("environment") { node throws(Diagnostic) -> [String] in
                try node.sequence().map { item throws(Diagnostic) -> String in
                    let name = try item.string()
                    guard let first = name.utf8.first, first < 0x30 || first > 0x39,
                        name.utf8.allSatisfy({
                            $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                        })
                    else { throw Diagnostic("'\(name)' is not an environment variable name (letters, digits and '_')", at: item.mark) }
                    return name
                }
            } ?? []
        try fields.finishOrThrow()
        let name = try fields.unwrap(program)
        let programMark = fields.node("program")!.mark
        let root = parameters.workspaceRoot
        guard let executable = PluginPrograms.locate("track-eval-\(name)", workspace: root) else {
            // Only this forecast fails (a warning for validate), not the whole workspace.
            throw DiagnosticsError([
                Diagnostic(
                    "no executable track-eval-\(name) in the workspace's \(PluginTrust.directory)/ folder or on the PATH; add it (chmod +x) or fix the name",
                    at: programMark, severity: .warning)
            ])
        }
        if let refusal = PluginTrust().refusal(toRun: executable, workspace: root) {
            throw DiagnosticsError([Diagnostic(refusal, at: programMark, severity: .warning)])
        }
        self.program = name
        self.executable = executable
        self.indicators = indicators
        self.environment = ProgramRunner.environment(passing: names)
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let request = ExecEvaluatorRequest(
            asOf: context.cutoff,
            prediction: .init(
                id: context.forecast.id, statement: context.forecast.statement, made: context.forecast.made,
                deadline: context.deadline, statedProbability: context.forecast.statedProbability, criteria: context.forecast.criteria,
                tags: context.forecast.tags),
            parameters: parameterValue,
            indicators: Dictionary(
                uniqueKeysWithValues: indicators.map { indicator in
                    (
                        indicator.id,
                        ExecEvaluatorRequest.IndicatorInfo(
                            name: indicator.name, unit: indicator.unit, kind: indicator.kind.rawValue, better: indicator.better?.rawValue,
                            states: indicator.states,
                            observations: context.observations(of: indicator).map(ExecProtocol.ObservationInfo.init))
                    )
                }))
        let runner = ProgramRunner(executable: executable, timeout: timeout, environment: environment)
        let response = try ExecProtocol.exchange(request, with: runner, answer: ExecEvaluatorAnswer.self)
        if response.verdict == .pending, response.probability.map({ (0...1).contains($0) }) != true {
            throw ExecError("track-eval-\(program) answered 'pending' without a probability in 0...1")
        }
        let probability: Double? =
            switch response.verdict {
            case .happened: 1
            case .failed: 0
            case .pending: response.probability
            case .untestable: nil
            }
        return Assessment(
            verdict: response.verdict, probability: probability, summary: response.summary,
            evidence: (response.evidence ?? []).map { item in
                Evidence(label: item.label, value: item.value, date: item.date.flatMap { Day($0) }, source: item.source)
            })
    }
}
