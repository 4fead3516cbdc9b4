import TrackCore
import TrackEngine

/// `track indicators`: the latest value of every indicator (per subject), its age and how much data there is.
public struct IndicatorReport: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var indicator: String
        public var name: String
        @EncodedAsNull public var subject: String?
        @EncodedAsNull public var unit: String?
        /// A number for a numeric indicator, the state's name for a state indicator.
        @EncodedAsNull public var latestValue: JSONNumber.Value?
        /// The latest value as shown.
        @EncodedAsNull public var display: String?
        @EncodedAsNull public var latestDate: Day?
        /// Days from the latest observation to the as-of day.
        @EncodedAsNull public var ageDays: Int?
        public var observations: Int
        /// Whether the latest observation is older than the indicator's stale limit.
        public var stale: Bool
    }

    public var asOf: Day
    public var indicators: [Row]

    /// The rows as of `asOf`; each subject's count is a binary search in the series store's list of it.
    public init(workspace: Workspace, asOf: Day) {
        self.asOf = asOf
        indicators = workspace.indicators.flatMap { indicator -> [Row] in
            let staleAfter = indicator.staleAfterDays ?? workspace.settings.staleAfterDays
            let latest = indicator.latest(asOf: asOf)
            guard !latest.isEmpty else {
                return [
                    Row(
                        indicator: indicator.id, name: indicator.name, subject: nil, unit: indicator.unit, latestValue: nil, display: nil,
                        latestDate: nil, ageDays: nil, observations: 0, stale: false)
                ]
            }
            return latest.map { observation in
                let age = observation.date.days(until: asOf)
                return Row(
                    indicator: indicator.id, name: indicator.name, subject: observation.subject, unit: indicator.unit,
                    latestValue: observation.value.number.map { .number(JSONNumber.clean($0)) } ?? .text(observation.value.description),
                    display: observation.value.description, latestDate: observation.date, ageDays: age,
                    observations: workspace.series.count(of: indicator.id, subject: observation.subject, through: asOf),
                    stale: age > staleAfter)
            }
        }
    }

    /// RFC 4180 CSV, one line per indicator and subject; values as written in the data.
    public func csv() -> String {
        var lines = [CSV.line(["indicator", "subject", "latest_value", "unit", "latest_date", "age_days", "observations", "stale"])]
        for row in indicators {
            lines.append(
                CSV.line([
                    row.indicator, row.subject ?? "", row.display ?? "", row.unit ?? "", row.latestDate?.description ?? "",
                    row.ageDays.map(String.init) ?? "", String(row.observations), String(row.stale),
                ]))
        }
        return lines.joined(separator: "\n")
    }

    public func table() -> TextTable {
        var table = TextTable(columns: [
            .init("INDICATOR", minimumWidth: 16), .init("SUBJECT", minimumWidth: 12), .init("LATEST", .right, minimumWidth: 8),
            .init("UNIT", dropPriority: 1, minimumWidth: 8), .init("DATE", dropPriority: 3), .init("AGE", .right),
            .init("N", .right, dropPriority: 2),
        ])
        for row in indicators {
            table.append([
                .init(row.indicator), .init(row.subject ?? "-"), .init(row.display ?? "-"), .init(row.unit ?? ""),
                .init(row.latestDate?.description ?? "no data", style: row.latestDate == nil ? .muted : nil),
                // Spelled out, not only coloured: NO_COLOR and pipes keep the marker.
                .init(row.ageDays.map { "\($0)d" + (row.stale ? " stale" : "") } ?? "-", style: row.stale ? .warning : nil),
                .init(String(row.observations)),
            ])
        }
        return table
    }
}
