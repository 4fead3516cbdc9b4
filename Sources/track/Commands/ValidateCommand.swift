import ArgumentParser
import Tracker

/// `track validate`: every error and warning in the workspace.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every file of the workspace and list all errors and warnings.",
        discussion: """
            Each problem is printed as file:line:column: error|warning: message, with the source line, \
            sorted by file and line. Exits 0 when there are no errors (warnings allowed), 65 when there are.

            Example:
              track validate --workspace ~/forecasts
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    func run() throws {
        let root: String
        do { root = try WorkspaceLocator.locate(explicit: workspace.workspace) } catch {
            Console.report(error.diagnostics)
            throw ExitStatus.usage
        }
        let result = WorkspaceLoader.load(root: root)
        Console.report(result.diagnostics)
        let observations = result.workspace.indicators.reduce(0) { $0 + $1.observations.count }
        let summary = "\(count(result.workspace.predictions.count, "prediction")), "
            + "\(count(result.workspace.indicators.count, "indicator")), \(count(observations, "observation")): "
            + "\(count(result.errors.count, "error")), \(count(result.warnings.count, "warning"))"
        if result.errors.isEmpty {
            Console.print(summary)
        } else {
            Console.printError(summary)
            throw ExitStatus.badData
        }
    }
}
