import Foundation
import TrackCore
import TrackEngine

/// Runs the source an indicator declares (`update:`) and merges what it answers into the indicator's
/// file through the same checks as `track import`: exact repeats skipped, a different value for a
/// date and subject already there refused (a conflict), a new subject close to an existing one held
/// back with a did-you-mean. Any failure leaves the file, and what the source remembers, unchanged.
public enum IndicatorUpdate {
    /// What updating one indicator did.
    public struct Outcome: Sendable {
        public enum Result: Sendable {
            /// The source says nothing changed since the last update.
            case unchanged(String)
            /// The merge (its `text` nil when nothing was new) and the source's row counts.
            case merged(IndicatorMerge.Result, rowCount: Int, filteredOut: Int, incomplete: Int)
            case failed(Failure)
        }

        public var indicatorID: String
        /// The source's name (`csv`, `exec`), or nil when the configuration names none.
        public var sourceName: String?
        /// What was read (a URL, a path, a program), once the source ran.
        public var origin: String?
        public var result: Result
    }

    /// Why an indicator was not updated.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable {
            /// The `update:` configuration or the indicator file has errors.
            case configuration
            /// The source could not be read: a download or a program failed, its answer is malformed.
            case source
            /// What the source answered cannot be added as it stands (a conflict, a likely misspelt subject).
            case merge
            /// The indicator file cannot be read or written.
            case unwritable
            /// Another track process kept the workspace's write lock.
            case busy
        }

        public var kind: Kind
        public var description: String
        public var diagnostics: [Diagnostic]

        /// The exit code an update that failed this way ends with.
        public var exit: TrackError.Exit {
            switch kind {
            case .configuration, .merge: .dataError
            case .source: .unavailable
            case .unwritable: .cannotCreate
            case .busy: .busy
            }
        }
    }

    /// Updates `indicator` from the source its `update:` names, as of `today`; with `dryRun`, computes what
    /// would be added and writes nothing.
    public static func run(
        _ indicator: Indicator, workspaceRoot: String, registry: SourceRegistry, dryRun: Bool, lockTimeout: Double = 30,
        today: Day = Day.today()
    ) -> Outcome {
        var outcome = Outcome(
            indicatorID: indicator.id, sourceName: indicator.update?.mappingView?.value(forKey: "source")?.scalar?.text, origin: nil,
            result: .unchanged(""))
        let name = "'\(indicator.id)'" + (outcome.sourceName.map { " (source \($0))" } ?? "")
        guard let node = indicator.update else {
            outcome.result = .failed(Failure(kind: .configuration, description: "\(name) declares no 'update:' source", diagnostics: []))
            return outcome
        }
        let configuration = SourceConfiguration(node: node, workspaceRoot: workspaceRoot, indicatorID: indicator.id, today: today)
        let source: any ObservationSource
        let policy: IndicatorMerge.Policy
        do throws(DiagnosticsError) {
            (source, policy) = try registry.source(for: configuration)
        } catch {
            outcome.result = .failed(
                Failure(
                    kind: .configuration, description: "\(name): the 'update:' configuration has errors", diagnostics: error.diagnostics))
            return outcome
        }
        let answer: SourceAnswer
        do throws(SourceFailure) {
            answer = try source.fetch(for: indicator)
        } catch {
            outcome.result = .failed(
                Failure(kind: .source, description: "\(name) failed: \(error.description)", diagnostics: error.diagnostics))
            return outcome
        }
        outcome.origin = answer.origin
        let entries: [IndicatorEditor.Entry]
        let counts: (rows: Int, filteredOut: Int, incomplete: Int)
        switch answer.content {
        case .unchanged(let reason):
            outcome.result = .unchanged(reason)
            return outcome
        case .entries(let list, let rowCount, let filteredOut, let incomplete):
            entries = list
            counts = (rowCount, filteredOut, incomplete)
        }

        var edit = WorkspaceEdit(root: workspaceRoot, path: indicator.file)
        edit.lockTimeout = lockTimeout
        do throws(TrackError) {
            let merge = try edit.perform(dryRun: dryRun) { text throws(TrackError) in
                do throws(DiagnosticsError) {
                    let merge = try IndicatorMerge.merge(
                        entries, into: text, file: indicator.file, indicatorID: indicator.id, policy: policy)
                    return .init(text: merge.text, result: merge)
                } catch {
                    throw TrackError(.dataError, nil, diagnostics: reworded(error.diagnostics))
                }
            }
            // Not remembering the validators only costs a full download next time.
            if !dryRun { try? answer.commit?() }
            outcome.result = .merged(merge, rowCount: counts.rows, filteredOut: counts.filteredOut, incomplete: counts.incomplete)
        } catch {
            let kind: Failure.Kind =
                switch error.exit {
                case .dataError: .merge
                case .busy: .busy
                default: .unwritable
                }
            let description =
                kind == .merge
                ? "\(name): what \(answer.origin) answered cannot be added as it stands; nothing was written"
                : "\(name): \(error.message ?? "")"
            outcome.result = .failed(Failure(kind: kind, description: description, diagnostics: error.diagnostics))
        }
        return outcome
    }

    /// The import's diagnostics name its flags (`--date`, `pass --keep-first`); an update is
    /// configured by the parameters of its `update:` mapping, so the messages name those instead.
    static func reworded(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let options = [
            "new-subject": "new-subjects", "replace": "replace", "keep-existing": "keep-existing", "keep-first": "keep-first",
            "skip-incomplete": "skip-incomplete", "allow-future": "allow-future",
        ]
        let columns = [
            "date": "date", "value": "value", "subject": "subject", "note": "note", "source": "source-column", "where": "where",
            "join-on": "join-on",
        ]
        return diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            var message = diagnostic.message
            for (flag, parameter) in options {
                message = message.replacingOccurrences(of: "pass --\(flag)", with: "set '\(parameter): true' in 'update'")
                message = message.replacingOccurrences(of: "--\(flag)", with: "'\(parameter): true'")
            }
            for (flag, parameter) in columns where message.hasPrefix("--\(flag) ") || message.hasPrefix("--\(flag):") {
                message = "'\(parameter)'" + message.dropFirst(flag.count + 2)
            }
            diagnostic.message = message
            return diagnostic
        }
    }
}
