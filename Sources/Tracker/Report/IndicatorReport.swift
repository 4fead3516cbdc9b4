/// `track indicators`: the latest value of every indicator (per subject), its age and how much data there is.
public struct IndicatorReport: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var indicator: String
        public var name: String
        @EncodedAsNull public var subject: String?
        @EncodedAsNull public var unit: String?
        @EncodedAsNull public var latestValue: String?
        @EncodedAsNull public var latestDate: Day?
        /// Days from the latest observation to the as-of day.
        @EncodedAsNull public var ageDays: Int?
        public var observations: Int
        /// Whether the latest observation is older than the indicator's stale limit.
        public var stale: Bool
    }

    public var asOf: Day
    public var indicators: [Row]

    public init(workspace: Workspace, asOf: Day) {
        self.asOf = asOf
        indicators = workspace.indicators.flatMap { indicator -> [Row] in
            let visible = indicator.observations.filter { $0.date <= asOf }
            let staleAfter = indicator.staleAfterDays ?? workspace.settings.staleAfterDays
            let latest = indicator.latest(asOf: asOf)
            guard !latest.isEmpty else {
                return [Row(
                    indicator: indicator.id, name: indicator.name, subject: nil, unit: indicator.unit, latestValue: nil,
                    latestDate: nil, ageDays: nil, observations: 0, stale: false)]
            }
            return latest.map { observation in
                let age = observation.date.days(until: asOf)
                return Row(
                    indicator: indicator.id, name: indicator.name, subject: observation.subject, unit: indicator.unit,
                    latestValue: observation.value.description, latestDate: observation.date, ageDays: age,
                    observations: visible.count { $0.subject == observation.subject }, stale: age > staleAfter)
            }
        }
    }

    public func table() -> TextTable {
        var table = TextTable(columns: [
            .init("INDICATOR"), .init("SUBJECT"), .init("LATEST", .right), .init("UNIT"), .init("DATE"),
            .init("AGE", .right), .init("N", .right),
        ])
        for row in indicators {
            table.append([
                .init(row.indicator), .init(row.subject ?? "-"), .init(row.latestValue ?? "-"), .init(row.unit ?? ""),
                .init(row.latestDate?.description ?? "no data", style: row.latestDate == nil ? .muted : nil),
                .init(row.ageDays.map { "\($0)d" } ?? "-", style: row.stale ? .warning : nil),
                .init(String(row.observations)),
            ])
        }
        return table
    }
}
