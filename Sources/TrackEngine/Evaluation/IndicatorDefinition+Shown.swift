import TrackCore

extension IndicatorDefinition {
    /// A value of this indicator as a reader writes it, with its unit: `$0.14/M` (US dollars per
    /// million tokens), `$12B`, `42%`, `1.2e26 FLOP`, `3.5x`; an unknown unit follows the number
    /// with its underscores as spaces. Four significant digits.
    public func shown(_ value: Double) -> String {
        let number = value.readable
        switch unit {
        case nil, "score", "points": return number
        case "usd_per_mtok": return "$\(number)/M"
        case "usd_per_gpu_hour": return "$\(number)/GPU-h"
        case "usd": return "$" + Self.large(value)
        case "cny": return "¥" + Self.large(value)
        case "percent": return "\(number)%"
        case "ratio": return "\(number)x"
        case "flop": return "\(number) FLOP"
        case "gpu_hours": return "\(number) GPU-h"
        case "kwh_per_year": return "\(number) kWh/yr"
        case "parameters": return Self.large(value) + " params"
        case let unit?: return "\(number) \(String(unit.map { $0 == "_" ? " " : $0 }))"
        }
    }

    /// A large amount with a word-sized scale: `12B`, `3.4M`, `2.5T`, or the readable number below a million.
    private static func large(_ value: Double) -> String {
        let scales: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M")]
        guard let (size, suffix) = scales.first(where: { abs(value) >= $0.0 }), abs(value) < 1e15 else { return value.readable }
        return (value / size).readable + suffix
    }
}
