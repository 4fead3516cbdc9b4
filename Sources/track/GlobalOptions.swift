import ArgumentParser
import Tracker

/// Options every command that reads a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The workspace directory (the one holding predictions.yaml).", valueName: "dir"))
    var workspace: String?
}

/// The day a report is computed for.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Compute as of this day (YYYY-MM-DD); only data dated on or before it is used. Default: today.", valueName: "date"))
    var asOf: Day?

    var day: Day { asOf ?? Day.today() }
}

/// How a report is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
