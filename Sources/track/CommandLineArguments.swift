import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import Tracker

/// The arguments as the parser expects them: `-w DIR`, `--history PATH` and `--color WHEN` may come before or after the
/// subcommand; a mistyped subcommand gets a did-you-mean instead of "Unexpected argument".
enum CommandLineArguments {
    /// The outcome: arguments to parse with the colour choice taken out, or a usage error to print.
    enum Normalized: Equatable {
        case arguments([String], color: TerminalStyle.Choice?)
        case usageError(String)
    }

    /// The options that take a day (`DayArgument`).
    static let dayOptions: Set<String> = ["--as-of", "--date", "--from", "--before", "--on"]

    /// `-7d`, `-2w`: a day some days or weeks ago.
    static func isDaysAgo(_ text: String) -> Bool {
        text.count >= 3 && text.first == "-" && "dw".contains(text.last!) && text.dropFirst().dropLast().allSatisfy(\.isNumber)
    }

    static func normalize(_ arguments: [String], subcommands: [String]) -> Normalized {
        var rest: [String] = []
        var color: TerminalStyle.Choice?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            // `--as-of -7d`: a day some days or weeks ago reads as an option to the parser; it is the option's value.
            if Self.dayOptions.contains(argument), index + 1 < arguments.count, Self.isDaysAgo(arguments[index + 1]) {
                rest.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            var value: String?
            if argument == "--color" {
                guard index + 1 < arguments.count else { return .usageError("--color needs a value: never, always or auto") }
                value = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--color=") {
                value = String(argument.dropFirst("--color=".count))
            }
            if let value {
                guard let choice = TerminalStyle.Choice(rawValue: value) else {
                    return .usageError("--color takes never, always or auto, not '\(value)'")
                }
                color = choice
            } else {
                rest.append(argument)
            }
            index += 1
        }
        // `-w DIR subcommand ...`, `--history PATH subcommand ...`: the workspace options belong to the subcommand.
        var leading: [String] = []
        while let first = rest.first,
            ["-w", "--workspace", "--history"].contains(first) || first.hasPrefix("--workspace=") || first.hasPrefix("--history=")
        {
            let count = first.contains("=") ? 1 : 2
            guard rest.count >= count else { break }
            leading += rest.prefix(count)
            rest.removeFirst(count)
        }
        if let word = rest.first, !word.hasPrefix("-"), word != "help", !subcommands.contains(word) {
            let suggestion =
                Suggestion.closest(to: word, among: subcommands).map { "; did you mean '\($0)'?" }
                ?? "; the commands are: " + subcommands.joined(separator: ", ")
            return .usageError("unknown command '\(word)'\(suggestion)")
        }
        if let word = rest.first, subcommands.contains(word) {
            rest = [word] + leading + rest.dropFirst()
        } else {
            rest = leading + rest
        }
        return .arguments(rest, color: color)
    }
}
