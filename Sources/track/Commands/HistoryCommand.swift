import ArgumentParser
import Foundation
import Tracker

/// `track history ID`: a forecast's status and probability over time.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a forecast's status and probability over time, from the recorded runs and the backtests.",
        discussion: """
            Recorded rows are what the tracker said at the time (track evaluate); backtest rows were computed later \
            (track evaluate --backfill). The sparkline shows the probability, recorded and backtest apart.

            Examples:
              track history inference-cost-10x
              track history v4-sota-reasoning --format csv
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The forecast's id.") var id: String
    @Option(help: "Output format: table, csv or json.") var format: HistoryFormat = .table

    enum HistoryFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    func run() throws {
        // Only the forecasts and settings: reading a few rows needs no observation.
        let loaded = WorkspaceLoader.loadForecasts(root: try workspace.root())
        Console.report(loaded.diagnostics)
        if !loaded.errors.isEmpty { throw ExitStatus.badData }
        guard loaded.workspace.prediction(id) != nil else {
            throw ValidationError(Suggestion.message(unknown: id, expected: loaded.workspace.predictions.map(\.id), noun: "forecast id"))
        }
        let points = try openHistory(loaded.workspace, access: .readOnly).history(of: id)
        switch format {
        case .json:
            struct Output: Encodable {
                let id: String
                let history: [HistoryStore.Point]
            }
            Console.print(try Console.json(Output(id: id, history: points)))
        case .csv:
            Console.print("as_of,kind,status,probability,summary")
            for point in points {
                let summary = "\"" + point.summary.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                Console.print("\(point.asOf),\(point.kind.rawValue),\(point.status.rawValue),\(point.probability.map { String($0) } ?? ""),\(summary)")
            }
        case .table:
            guard !points.isEmpty else {
                Console.print("no history for \(id) yet: track evaluate records a run, track evaluate --backfill --from DATE computes past ones")
                return
            }
            for kind in [HistoryStore.RunKind.recorded, .backtest] {
                let line = Sparkline.render(points.filter { $0.kind == kind }.map(\.probability))
                if !line.isEmpty { Console.print("\(kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(line)") }
            }
            var table = TextTable(columns: [.init("AS OF"), .init("KIND"), .init("STATUS"), .init("P", .right), .init("SUMMARY")])
            for point in points {
                table.append([
                    .init(point.asOf.description), .init(point.kind.rawValue, style: point.kind == .backtest ? .muted : nil),
                    .init(point.status.rawValue, style: TerminalStyle.role(for: point.status)), .init(point.probability?.percent ?? "-"),
                    .init(point.summary),
                ])
            }
            Console.print(table.render(style: Console.style, width: Console.width))
        }
    }
}

/// Probabilities as a line of block characters, 0 to 1; a gap where there is none.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func render(_ values: [Double?]) -> String {
        String(values.map { value in
            guard let value, value.isFinite else { return " " }
            return blocks[min(blocks.count - 1, max(0, Int((value * Double(blocks.count)).rounded(.down))))]
        })
    }
}
