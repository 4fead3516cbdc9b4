extension Prediction {
    /// Every forecaster's entries for this forecast: the stated `probability` as one entry by
    /// `statedBy` on the day the forecast was made, then the `said:` entries, in the order written.
    public func forecasterEntries(statedBy: String) -> [ForecasterEntry] {
        let stated = probability.map { [ForecasterEntry(by: statedBy, probability: $0, on: made, mark: mark)] } ?? []
        return stated + said
    }

    /// Each forecaster's latest entry on or before `day` (the one written last when a day has several),
    /// in the order the forecasters first appear.
    public func latestEntries(statedBy: String, asOf day: Day) -> [ForecasterEntry] {
        var latest: [String: ForecasterEntry] = [:]
        var order: [String] = []
        for entry in forecasterEntries(statedBy: statedBy) where entry.on <= day {
            if latest[entry.by] == nil { order.append(entry.by) }
            if let current = latest[entry.by], current.on > entry.on { continue }
            latest[entry.by] = entry
        }
        return order.compactMap { latest[$0] }
    }
}
