import ArgumentParser
import Tracker

/// `track due`: forecasts past their deadline without a resolution.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "List forecasts past their deadline without a resolution, with the outcome the evaluator proposes.",
        discussion: """
            Each comes with its evidence and the track resolve command that confirms the proposal.

            Examples:
              track due
              track due --as-of 2028-01-01
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let engine = try workspace.engine()
        let day = asOf.day
        let due = engine.workspace.predictions.filter { $0.resolution == nil && $0.deadline.day < day }
        guard !due.isEmpty else {
            Console.print("nothing due as of \(day)")
            return
        }
        for prediction in due {
            let evaluation = engine.evaluate(prediction, asOf: day)
            let proposal = switch evaluation.status {
            case .met: "yes"
            case .missed: "no"
            default: "undetermined"
            }
            Console.print(Console.style.apply(.header, to: prediction.id) + ": due \(prediction.deadline) (\(prediction.deadline.day)); proposed: \(proposal)")
            Console.print("  \(evaluation.summary)")
            for item in evaluation.evidence {
                let details = [item.date?.description, item.source].compactMap { $0 }.joined(separator: ", ")
                Console.print("  - \(item.label): \(item.value)" + (details.isEmpty ? "" : " (\(details))"))
            }
            if proposal != "undetermined" {
                Console.print("  confirm: track resolve \(prediction.id) \(proposal) --date \(prediction.deadline.day) --source SOURCE")
            }
        }
    }
}
