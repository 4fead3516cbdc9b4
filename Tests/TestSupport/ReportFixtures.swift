/// Workspaces the report's tests share.
public enum ReportFixtures {
    /// A workspace with a forecast whose target is a plain number (threshold 0.5), a capability-price forecast with
    /// a plain-number target, and prices where two models share a day and a value.
    public static let plainTargets: [String: String] = [
        "predictions.yaml": SampleFiles.predictions(
            """
              - id: adoption-half
                statement: Half of firms use the tool by mid-2027.
                source: article
                made: 2026-06-15
                deadline: 2027-06-30
                probability: 0.4
                criteria: Yes if the share reaches 0.5.
                evaluate:
                  threshold: {indicator: adoption, target: 0.5}
              - id: capable-and-cheap
                statement: A model scoring at least 80 costs under $1 per million tokens by mid-2027.
                source: article
                made: 2026-06-15
                deadline: 2027-06-30
                probability: 0.55
                criteria: Yes if the cheapest model scoring 80 or more is listed at $1 or less.
                evaluate:
                  capability-price: {price: price, score: score, level: 80, target: 1}
              - id: m2-halves
                statement: Model m2's price falls to 0.5.
                source: article
                made: 2026-06-15
                deadline: 2027-12-31
                criteria: Yes if m2 is listed at 0.5 or less.
                evaluate:
                  threshold: {indicator: price, subject: m2, target: 0.5}
            """),
        "indicators/adoption.yaml": """
        name: Share of firms using the tool
        unit: share
        better: higher
        observations:
          - {date: 2025-01-01, value: 0.10, source: survey}
          - {date: 2025-07-01, value: 0.18, source: survey}
          - {date: 2026-01-01, value: 0.24, source: survey}
          - {date: 2026-06-01, value: 0.31, source: survey}
          - {date: 2026-11-01, value: 0.33, source: survey}

        """,
        "indicators/price.yaml": """
        name: Price per million output tokens
        unit: usd_per_mtok
        better: lower
        observations:
          - {date: 2025-01-10, subject: m1, value: 12, source: list}
          - {date: 2025-03-01, subject: m2, value: 8, source: list}
          - {date: 2025-09-01, subject: m3, value: 4, source: list}
          - {date: 2025-09-01, subject: m4, value: 4, source: list}
          - {date: 2026-02-01, subject: m2, value: 3, source: list}
          - {date: 2026-05-01, subject: m5, value: 0.9, source: list}
          - {date: 2026-09-01, subject: m3, value: 2.5, source: list}
          - {date: 2026-10-01, subject: m2, value: 2, source: list}

        """,
        "indicators/score.yaml": """
        name: Benchmark score
        unit: points
        better: higher
        observations:
          - {date: 2025-01-10, subject: m1, value: 82, source: board}
          - {date: 2025-03-01, subject: m2, value: 85, source: board}
          - {date: 2025-09-01, subject: m3, value: 81, source: board}
          - {date: 2025-09-01, subject: m4, value: 70, source: board}
          - {date: 2026-05-01, subject: m5, value: 60, source: board}

        """,
    ]
}
