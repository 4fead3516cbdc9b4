import Foundation

/// The rules of forecasters and crowds, which span files: every name in a forecast's `said:` is one of
/// track.yaml's `forecasters` (with a did-you-mean for a typo), and a forecast's `crowd:` names an
/// indicator of probabilities (numeric, `range: [0, 1]`).
public enum ForecasterChecks {
    /// Names the scoreboard gives its other rows: no forecaster may take them.
    public static let reservedNames = ["tracker", "crowd", "naive"]

    /// track.yaml's `forecasters:` list: ids, each once, none of the reserved names.
    static func readNames(_ node: YAMLNode) throws(DiagnosticsError) -> [String] {
        let items: YAMLSequence
        do { items = try node.sequence() } catch { throw DiagnosticsError([error]) }
        var names: [String] = []
        var diagnostics: [Diagnostic] = []
        for item in items {
            do {
                let name = try item.slug()
                if names.contains(name) {
                    diagnostics.append(Diagnostic("forecaster '\(name)' is listed twice", at: item.mark))
                } else if reservedNames.contains(name) {
                    diagnostics.append(
                        Diagnostic(
                            "'\(name)' names a row of the scoreboard (\(reservedNames.joined(separator: ", "))); give the forecaster another name",
                            at: item.mark))
                } else {
                    names.append(name)
                }
            } catch {
                diagnostics.append(error)
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        return names
    }

    /// "'alise' is not a known forecaster: alice, bob; did you mean 'alice'?", with where to add one.
    public static func unknown(_ name: String, among names: [String], at mark: SourceMark) -> Diagnostic {
        Diagnostic(
            Suggestion.message(unknown: name, expected: names, noun: "forecaster")
                + " (forecasters are listed under 'forecasters:' in track.yaml)", at: mark)
    }

    /// An error for each `said:` entry whose forecaster track.yaml does not list.
    static func names(_ predictions: [Prediction], settings: Settings) -> [Diagnostic] {
        predictions.flatMap { prediction in
            prediction.said.compactMap { entry in
                guard !settings.forecasters.contains(entry.by), let mark = entry.mark else { return nil }
                return unknown(entry.by, among: settings.forecasters, at: mark)
            }
        }
    }

    /// An error for each `crowd:` that names no indicator, or one that is not a series of probabilities.
    static func crowds(_ workspace: Workspace) -> [Diagnostic] {
        workspace.predictions.compactMap { prediction in
            guard let crowd = prediction.crowd else { return nil }
            guard let indicator = workspace.indicator(crowd.indicator) else {
                return Diagnostic(
                    "'crowd': " + Suggestion.message(unknown: crowd.indicator, expected: workspace.indicators.map(\.id), noun: "indicator"),
                    at: crowd.mark)
            }
            return problem(with: indicator).map { Diagnostic("'crowd': \($0)", at: crowd.mark) }
        }
    }

    /// Why `indicator` cannot hold a crowd's probability, or nil when it can.
    public static func problem(with indicator: Indicator) -> String? {
        guard indicator.kind == .numeric, indicator.bounds == 0...1 else {
            return "indicator '\(indicator.id)' is not a series of probabilities; a crowd indicator is numeric with 'range: [0, 1]' "
                + "(in \(URL(fileURLWithPath: indicator.file).lastPathComponent))"
        }
        return nil
    }
}
