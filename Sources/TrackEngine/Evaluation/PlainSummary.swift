import TrackCore

/// The one line a reader sees first for an evaluation (`track status`, the report's overview): the
/// evaluator's plain-language summary followed by the chance, or by the verdict once settled.
public enum PlainSummary {
    /// The most characters the line may take. Evaluators aim well under it; a longer summary
    /// (a long subject name, a nested combinator, an `exec` plugin's own words) is cut with "…"
    /// so that the chance or verdict at its end always shows, and is kept whole in the reasoning.
    public static let limit = 110

    /// The line for an assessment: "<summary>; 59%", "<summary>; came true", "<summary>; missed", or
    /// the summary alone when untestable (it says why).
    public static func line(_ summary: String, verdict: Verdict, probability: Double?, bounds: ClosedRange<Double>) -> String {
        let ending: String? =
            switch verdict {
            case .pending: probability.map { chance($0, bounds: bounds) }
            case .happened: "came true"
            case .failed: "missed"
            case .untestable: nil
            }
        guard let ending else { return fitted(summary, room: limit) }
        return fitted(summary, room: limit - ending.count - 2) + "; " + ending
    }

    /// A pending chance as a reader takes it: "59%", and "≤1%" or "≥99%" at the engine's bounds,
    /// where the model's own figure was further out.
    public static func chance(_ probability: Double, bounds: ClosedRange<Double> = 0.01...0.99) -> String {
        if probability <= bounds.lowerBound { return "≤" + bounds.lowerBound.percent }
        if probability >= bounds.upperBound { return "≥" + bounds.upperBound.percent }
        return probability.percent
    }

    /// `text` within `room` characters, cut at a word with "…" when longer.
    static func fitted(_ text: String, room: Int) -> String {
        guard text.count > room else { return text }
        let cut = text.prefix(max(0, room - 1))
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        let kept = word.count >= cut.count / 2 ? word : cut
        return kept.trimmingSuffix { ";,: ".contains($0) } + "…"
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return String(self[startIndex..<end])
    }
}
