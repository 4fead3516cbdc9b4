import Foundation

/// The small workspace files many tests start from, written once.
public enum SampleFiles {
    /// A minimal valid predictions.yaml with one source and the given predictions (YAML list items).
    public static func predictions(_ items: String = "") -> String {
        """
        sources:
          - id: article
            title: An article
        predictions:\(items.isEmpty ? " []" : "\n" + items)

        """
    }

    /// One prediction, as a list item.
    public static let prediction = """
          - id: cheaper-tokens
            statement: Tokens get cheaper.
            source: article
            made: 2026-06-15
            deadline: 2027-Q3
            probability: 0.6
            criteria: Yes if the price halves.
            tags: [cost]
        """

    /// A numeric indicator with two subjects.
    public static let priceIndicator = """
        name: Output price
        unit: usd_per_mtok
        kind: numeric
        better: lower
        observations:
          - date: 2024-12-26
            subject: v3
            value: 1.10
            source: https://example.com/v3
          - date: 2025-09-29
            subject: v3.2
            value: 0.42
            source: https://example.com/v3.2
          - date: 2026-01-10
            subject: v3
            value: 0.90
            source: https://example.com/v3-cut

        """

    /// Two forecasts (a price and a listing) in one predictions.yaml, for end-to-end runs.
    public static let twoForecasts = """
        sources:
          - id: article
            title: An article
            published: 2026-06-15
        predictions:
          - id: cheaper-tokens
            statement: Tokens get ten times cheaper.
            source: article
            made: 2026-06-15
            deadline: 2027-Q3
            probability: 0.55
            criteria: Yes if the list price falls tenfold.
            tags: [cost]
          - id: listing
            statement: The company lists.
            source: article
            made: 2026-06-15
            deadline: 2028
            criteria: Yes if it lists.
            tags: [funding]

        """

    /// One forecast, `cheap`: the indicator `price` falls to 0.5 by the end of 2026 (a threshold).
    public static let cheapForecast = """
        sources:
          - {id: article, title: An article}
        predictions:
          - id: cheap
            statement: The price falls to 0.5.
            source: article
            made: 2024-12-01
            deadline: 2026-12-31
            criteria: Yes if the price falls to 0.5.
            evaluate:
              threshold: {indicator: price, target: 0.5}

        """

    public static let price = """
        # Prices, newest last.
        name: Output price
        unit: usd_per_mtok
        better: lower
        observations:
          - date: 2024-12-26
            subject: v3
            value: 1.10
            source: https://example.com/v3
          - date: 2025-09-29
            subject: v3.2
            value: 0.42
            source: https://example.com/v3.2

        """
}
