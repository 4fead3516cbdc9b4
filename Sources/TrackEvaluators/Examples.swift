import TrackCore
import TrackEngine

/// Indicator files shared by the plugins' examples (the examples are run as tests).
enum Examples {
    /// A price falling from 2 to 0.4 over 2025, with two subjects.
    static let falling = """
        name: Price
        unit: usd_per_mtok
        better: lower
        observations:
          - {date: 2025-01-01, subject: a, value: 2.0, source: example}
          - {date: 2025-04-01, subject: a, value: 1.4, source: example}
          - {date: 2025-07-01, subject: b, value: 1.0, source: example}
          - {date: 2025-10-01, subject: b, value: 0.6, source: example}
          - {date: 2025-12-01, subject: b, value: 0.4, source: example}
        """

    /// Benchmark scores of three models.
    static let scores = """
        name: Score
        unit: percent
        better: higher
        observations:
          - {date: 2024-05-13, subject: gpt-4o, value: 49.9, source: example}
          - {date: 2024-12-17, subject: o1, value: 75.7, source: example}
          - {date: 2025-01-20, subject: r1, value: 71.5, source: example}
        """

    /// A model's release status.
    static let release = """
        name: Release
        kind: state
        states: [rumoured, announced, released]
        observations:
          - {date: 2025-01-10, subject: v4, value: rumoured, source: example}
          - {date: 2025-06-01, subject: v5, value: released, source: example}
        """

    /// A company's status and valuation.
    static let company = """
        name: Company
        kind: state
        states: [private, ipo-filed, listed, acquired]
        observations:
          - {date: 2025-01-01, value: private, source: example}
          - {date: 2025-09-01, value: listed, source: example}
        """

    static let valuation = """
        name: Valuation
        unit: usd
        better: higher
        observations:
          - {date: 2025-09-01, value: 1.2e11, source: example}
        """
}

extension Examples {
    /// Training compute of three models.
    static let compute = """
        name: Compute
        unit: flop
        better: higher
        observations:
          - {date: 2024-07-01, subject: a, value: 4e25, source: example}
          - {date: 2024-12-01, subject: b, value: 4e24, source: example}
          - {date: 2025-01-01, subject: c, value: 1e24, source: example}
        """

    /// Scores of the same three: b matches a with ten times less compute; c matches neither.
    static let matched = """
        name: Score
        unit: percent
        better: higher
        observations:
          - {date: 2024-07-01, subject: a, value: 88.6, source: example}
          - {date: 2024-12-01, subject: b, value: 88.5, source: example}
          - {date: 2025-01-01, subject: c, value: 70.0, source: example}
        """
}

extension Examples {
    /// The models of `compute` scoring barely above chance (25%): a "match" between them means nothing.
    static let nearChance = """
        name: Score
        unit: percent
        better: higher
        observations:
          - {date: 2024-07-01, subject: a, value: 30.0, source: example}
          - {date: 2024-12-01, subject: b, value: 29.5, source: example}
          - {date: 2025-01-01, subject: c, value: 27.0, source: example}
        """

    /// b matches a, but by b's release another model (d, no compute on record) had moved the frontier far ahead.
    static let frontierMoved = """
        name: Score
        unit: percent
        better: higher
        observations:
          - {date: 2024-07-01, subject: a, value: 60.0, source: example}
          - {date: 2024-11-01, subject: d, value: 90.0, source: example}
          - {date: 2024-12-01, subject: b, value: 59.0, source: example}
          - {date: 2025-01-01, subject: c, value: 50.0, source: example}
        """
}

extension Examples {
    /// Prices of four models from different vendors; their scores are in `modelScores`.
    static let modelPrices = """
        name: Price
        unit: usd_per_mtok
        better: lower
        observations:
          - {date: 2024-01-01, subject: a, value: 10, source: example}
          - {date: 2024-06-01, subject: b, value: 3, source: example}
          - {date: 2025-03-01, subject: c, value: 0.8, source: example}
          - {date: 2025-06-01, subject: d, value: 5, source: example}
        """

    /// Scores of the models in `modelPrices`: at 60 or more the cheapest falls 10 -> 3 -> 0.8 in 14 months.
    static let modelScores = """
        name: Score
        unit: percent
        better: higher
        observations:
          - {date: 2024-01-01, subject: a, value: 65, source: example}
          - {date: 2024-06-01, subject: b, value: 62, source: example}
          - {date: 2025-03-01, subject: c, value: 70, source: example}
          - {date: 2025-06-01, subject: d, value: 85, source: example}
        """
}

extension Examples {
    /// Measured end-to-end FP8 speed-ups over BF16 (the figures of fp8-training-speedup-measured).
    static let fp8Speedups = """
        name: Speed-up
        unit: ratio
        better: higher
        observations:
          - {date: 2023-10-27, subject: fp8-lm, value: 1.64, source: example}
          - {date: 2025-03-12, subject: torchao, value: 1.25, source: example}
        """
}
