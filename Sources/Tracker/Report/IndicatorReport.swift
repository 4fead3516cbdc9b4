/// `track indicators`: the latest value of every indicator (per subject), its age and how much data there is.
public struct IndicatorReport: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var indicator: String
        public var name: String
        public var subject: String?
        public var unit: String?
        public var latestValue: String?
        public var latestDate: String?
        /// Days from the latest observation to the as-of day.
        public var ageDays: Int?
        public var observations: Int
        /// Whether the latest observation is older than the indicator's stale limit.
        public var stale: Bool

        enum CodingKeys: String, CodingKey {
            case indicator, name, subject, unit, latestValue, latestDate, ageDays, observations, stale
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(indicator, forKey: .indicator)
            try container.encode(name, forKey: .name)
            try container.encode(subject, forKey: .subject)
            try container.encode(unit, forKey: .unit)
            try container.encode(latestValue, forKey: .latestValue)
            try container.encode(latestDate, forKey: .latestDate)
            try container.encode(ageDays, forKey: .ageDays)
            try container.encode(observations, forKey: .observations)
            try container.encode(stale, forKey: .stale)
        }
    }

    public var asOf: String
    public var indicators: [Row]

    public init(workspace: Workspace, asOf: Day) {
        self.asOf = asOf.description
        indicators = workspace.indicators.flatMap { indicator -> [Row] in
            let visible = indicator.observations.filter { $0.date <= asOf }
            let staleAfter = indicator.staleAfterDays ?? workspace.settings.staleAfterDays
            let latest = indicator.latest(asOf: asOf)
            guard !latest.isEmpty else {
                return [Row(indicator: indicator.id, name: indicator.name, subject: nil, unit: indicator.unit,
                            observations: 0, stale: false)]
            }
            return latest.map { observation in
                let age = observation.date.days(until: asOf)
                return Row(
                    indicator: indicator.id, name: indicator.name, subject: observation.subject, unit: indicator.unit,
                    latestValue: observation.value.description, latestDate: observation.date.description, ageDays: age,
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
                .init(row.latestDate ?? "no data", style: row.latestDate == nil ? .muted : nil),
                .init(row.ageDays.map { "\($0)d" } ?? "-", style: row.stale ? .warning : nil),
                .init(String(row.observations)),
            ])
        }
        return table
    }
}
