import Foundation

/// A value far outside its two neighbours: a typo, a unit slip (per thousand for per million
/// tokens), a one-off promotion. Hampel's identifier applied to a series' steps (STATISTICS.md,
/// "Robustness"; Rousseeuw & Croux 1993): the usual step is the median of the steps between
/// consecutive values, the robust deviation 1.4826 times their median absolute deviation (never
/// below `minimumSpread`, so that a series that stood still is not certain never to move); a value
/// is an outlier when it lies at least `threshold` robust deviations beyond the usual step from
/// both its neighbours, on the same side. A level shift moves away from one neighbour only, so it
/// is never flagged; the first and the last value have one neighbour and are never flagged either.
/// Needs at least five values. Steps are taken as they come, whatever the time between them.
public enum OutlierCheck {
    /// Robust deviations beyond which a value is an outlier. Normal steps pass 8 robust deviations
    /// on both sides of one value about once in 10^15 values.
    public static let threshold = 8.0

    /// One value far outside its neighbours.
    public struct Outlier: Sendable, Equatable {
        /// Its index in the series.
        public var index: Int
        /// How far it lies beyond both neighbours, in robust deviations.
        public var deviations: Double
    }

    /// The outliers of `values` (in time order, on the scale they vary on: the log of a positive quantity).
    public static func outliers(in values: [Double], minimumSpread: Double, threshold: Double = threshold) -> [Outlier] {
        guard values.count >= 5 else { return [] }
        let steps = zip(values, values.dropFirst()).map { $1 - $0 }
        let usual = median(steps)
        let spread = max(1.4826 * median(steps.map { abs($0 - usual) }), minimumSpread)
        var found: [Outlier] = []
        for index in 1..<(values.count - 1) {
            let fromBefore = values[index] - values[index - 1] - usual
            let fromAfter = values[index] - values[index + 1] + usual
            guard fromBefore * fromAfter > 0 else { continue }
            let deviations = min(abs(fromBefore), abs(fromAfter)) / spread
            if deviations >= threshold { found.append(Outlier(index: index, deviations: deviations)) }
        }
        return found
    }

    /// Warnings for the outliers of each numeric series of `indicator` (each subject's own, in date
    /// order, the last value of a day), on the log scale when every value is positive, naming the
    /// two neighbours.
    static func check(_ indicator: Indicator) -> [Diagnostic] {
        guard indicator.kind == .numeric else { return [] }
        var bySubject: [String?: [Observation]] = [:]
        var order: [String?] = []
        for observation in indicator.observations where observation.value.number != nil {
            if bySubject[observation.subject] == nil { order.append(observation.subject) }
            bySubject[observation.subject, default: []].append(observation)
        }
        var diagnostics: [Diagnostic] = []
        for subject in order {
            var series: [Observation] = []
            for observation in bySubject[subject]!.enumerated().sorted(by: { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) })
                .map(\.element)
            {
                if series.last?.date == observation.date { series[series.count - 1] = observation } else { series.append(observation) }
            }
            let raw = series.map { $0.value.number! }
            let positive = raw.allSatisfy { $0 > 0 }
            let values = positive ? raw.map { log($0) } : raw
            let typical = raw.map(abs).reduce(0, +) / Double(max(1, raw.count))
            let floor = positive ? 0.02 : max(0.02 * typical, 1e-9)
            for outlier in outliers(in: values, minimumSpread: floor) {
                let (before, value, after) = (series[outlier.index - 1], series[outlier.index], series[outlier.index + 1])
                let what = subject.map { "'\($0)' " } ?? ""
                diagnostics.append(
                    Diagnostic(
                        "\(indicator.id) \(what)value \(value.value) on \(value.date) is far outside its neighbours (\(before.value) on "
                            + "\(before.date) at line \(before.line), \(after.value) on \(after.date) at line \(after.line)): "
                            + "\(Int(outlier.deviations.rounded())) robust deviations from the series' usual step; "
                            + "check it for a typo or a unit slip, or say why it is real in a note",
                        at: indicator.mark(of: value), severity: .warning))
            }
        }
        return diagnostics
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
