import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// The public series the real-data backtest forecasts: dated values of many subjects (models),
/// whose running best is the frontier.
public struct PublicSeries: Sendable {
    public struct Point: Sendable {
        public var day: Day
        public var subject: String
        public var value: Double
    }

    public var id: String
    public var name: String
    public var unit: String
    public var higherIsBetter: Bool
    /// Where the data come from, for the observations' `source:`.
    public var source: String
    public var points: [Point]
    /// Targets relative to the frontier on the day a forecast is made.
    public var targets: [@Sendable (Double) -> Double]

    /// The indicator file for the workspace.
    public var indicatorYAML: String {
        let quoted = { (text: String) in "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let observations = points.map { point in
            "  - {date: \(point.day), subject: \(quoted(point.subject)), value: \(point.value), source: \(quoted(source))}"
        }
        return "name: \(name)\nunit: \(unit)\nbetter: \(higherIsBetter ? "higher" : "lower")\nobservations:\n"
            + observations.joined(separator: "\n") + "\n"
    }

    /// Best GPQA-Diamond score of each model, in percent, on its release day (Epoch AI's benchmark runs).
    public static func gpqaDiamond(_ directory: String) throws -> PublicSeries {
        let folder = directory + "/benchmark-stitching"
        var release: [String: Day] = [:]
        for row in try records(folder + "/model_versions.csv") {
            if let id = row["id"], let day = row["Version release date"].flatMap(Self.day) { release[id] = day }
        }
        var best: [String: Double] = [:]
        for row in try records(folder + "/benchmarks_runs.csv") where row["task"] == "GPQA diamond" {
            guard let model = row["model"], release[model] != nil, let score = row["Best score (across scorers)"].flatMap(Double.init)
            else { continue }
            best[model] = max(best[model] ?? 0, score * 100)
        }
        return PublicSeries(
            id: "gpqa-diamond", name: "GPQA Diamond", unit: "percent", higherIsBetter: true,
            source: "https://github.com/epoch-research/benchmark-stitching (data/benchmarks_runs.csv)",
            points: best.map { Point(day: release[$0.key]!, subject: $0.key, value: $0.value) }.sorted { $0.day < $1.day },
            targets: [5, 10, 20, 30].map { points in { min(99, $0 + points) } })
    }

    /// The price per million tokens of each model scoring at least 80 on MMLU, on its release day
    /// (Epoch AI, "LLM inference price trends": the price of a fixed capability).
    public static func priceAtMMLU80(_ directory: String) throws -> PublicSeries {
        let folder = directory + "/llm-benchmark-efficiency"
        var seen = Set<String>()
        var points: [Point] = []
        for file in ["lowest_price_models_data.csv", "other_models_data.csv"] {
            for row in try records(folder + "/" + file) where row["bench"] == "MMLU" {
                guard let name = row["Model Name"], let day = row["Release Date"].flatMap(Self.day),
                    let price = row["USD per 1M Tokens"].flatMap(Double.init), price > 0,
                    let score = row["benchmark_score"].flatMap(Double.init), score >= 80,
                    seen.insert("\(name)|\(day)|\(price)").inserted
                else { continue }
                points.append(Point(day: day, subject: name, value: price))
            }
        }
        return PublicSeries(
            id: "price-mmlu-80", name: "USD per million tokens at MMLU >= 80", unit: "usd_per_mtok", higherIsBetter: false,
            source: "https://github.com/epoch-research/llm-benchmark-efficiency (data/*_models_data.csv)",
            points: points.sorted { $0.day < $1.day }, targets: [0.5, 0.2, 0.05].map { factor in { $0 * factor } })
    }

    /// Training compute of notable ML systems (Epoch AI, "All ML Systems"), from 2015.
    public static func trainingCompute(_ directory: String) throws -> PublicSeries {
        var points: [Point] = []
        for row in try records(directory + "/training-cost-trends/All ML Systems - full view.csv") {
            guard let name = row["Model"], let day = row["Publication date"].flatMap(Self.day), day >= Day(year: 2015, month: 1, day: 1)!,
                let flop = row["Training compute (FLOP)"].flatMap(Double.init), flop > 0
            else { continue }
            points.append(Point(day: day, subject: name, value: flop))
        }
        return PublicSeries(
            id: "training-compute", name: "Training compute", unit: "flop", higherIsBetter: true,
            source: "https://github.com/epoch-research/training-cost-trends (data/All ML Systems - full view.csv)",
            points: points.sorted { $0.day < $1.day }, targets: [2, 5, 20].map { factor in { $0 * factor } })
    }

    /// The rows of a CSV table as dictionaries by column name, read by `track import`'s reader.
    static func records(_ path: String) throws -> [[String: String]] {
        let table = try ImportTable.csv(try String(contentsOfFile: path, encoding: .utf8), file: path)
        return table.rows.map { row in Dictionary(zip(table.columns, row.cells), uniquingKeysWith: { first, _ in first }) }
    }

    /// `2025-03-01`, or the first ten characters of a longer timestamp.
    static func day(_ text: String) -> Day? {
        Day(text.prefix(10))
    }
}
