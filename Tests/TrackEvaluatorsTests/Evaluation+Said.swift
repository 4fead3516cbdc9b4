@testable import TrackEngine

extension Evaluation {
    /// Everything the evaluation says in words: the plain summary, then the evaluator's reasoning.
    var said: String { [summary, reasoning].compactMap { $0 }.joined(separator: "\n") }
}

extension Assessment {
    /// Everything the assessment says in words: the plain summary, then the evaluator's reasoning.
    var said: String { [summary, reasoning].compactMap { $0 }.joined(separator: "\n") }
}
