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

    var day: Day { asOf ?? Console.today }

    /// Whether the day asked for is another day than today.
    var isWhatIf: Bool { asOf.map { $0 != Console.today } ?? false }
}

extension ReportFormat: ExpressibleByArgument {
    /// A usage error naming the flag unless the format is one of `allowed`.
    func require(_ allowed: [ReportFormat]) throws {
        guard allowed.contains(self) else { throw ValidationError("--format takes \(ReportFormat.list(allowed)) here, not \(rawValue)") }
    }
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// Dates of facts (an observation, a resolution) after today are usually typos.
enum FutureDate {
    static func check(_ date: Day, allowed: Bool) throws {
        if date > Console.today, !allowed {
            throw ValidationError("--date \(date) is after today (\(Console.today)); add --allow-future if it is meant")
        }
    }
}
