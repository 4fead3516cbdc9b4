import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// `track add-indicator`: a new indicator file from flags.
struct AddIndicatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-indicator",
        abstract: "Create a new indicator file, ready for track record.",
        discussion: """
            Examples:
              track add-indicator gpt-5-api-output-price \\
                --name "GPT-5 API list price, output tokens" \\
                --unit usd_per_mtok --better lower
              track add-indicator deepseek-v4-status --name "DeepSeek-V4 release" \\
                --kind state --states rumoured,announced,released
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The indicator's id: lower-case letters, digits, '-', '.' and '_'.") var id: String
    @Option(help: "What it measures, in words.") var name: String
    @Option(help: "The unit of its values (numeric indicators).") var unit: String?
    @Option(help: "numeric (default) or state.") var kind: String = "numeric"
    @Option(help: "For numeric indicators, which way is progress: lower or higher.") var better: String?
    @Option(help: "For state indicators, the states in order, comma-separated.") var states: String?
    @Option(help: "A longer description, with its sources.") var description: String?
    @Option(name: .customLong("stale-after-days"), help: "Days after which the series counts as stale.") var staleAfterDays: Int?

    func validate() throws {
        guard Slug.isValid(id) else {
            throw ValidationError(
                "'\(id)' is not a valid id: use lower-case letters, digits, '-', '.' and '_' (for example \(Slug.suggest(from: id)))")
        }
        guard Indicator.Kind(rawValue: kind) != nil else { throw ValidationError("--kind is numeric or state") }
        if let better, Indicator.Direction(rawValue: better) == nil { throw ValidationError("--better is lower or higher") }
        if kind == "state", (states ?? "").isEmpty {
            throw ValidationError("a state indicator needs --states, e.g. --states private,listed")
        }
        if kind == "numeric", states != nil { throw ValidationError("--states is for --kind state") }
        if let staleAfterDays, staleAfterDays < 1 { throw ValidationError("--stale-after-days must be 1 or more") }
    }

    func run() throws {
        let session = try workspace.session()
        let text = IndicatorTemplate.text(
            id: id, name: name, unit: unit, kind: Indicator.Kind(rawValue: kind) ?? .numeric,
            better: better.flatMap(Indicator.Direction.init),
            states: (states ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, description: description,
            staleAfterDays: staleAfterDays)
        let (path, written) = try perform { () throws(TrackError) in try session.addIndicator(id, text: text) }
        Console.print("created \(Console.displayPath(path)):\n" + written, terminator: "")
    }
}
