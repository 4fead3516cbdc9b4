import TrackCore
import TrackEngine

/// The files of a new workspace (`track init`): one example forecast, one indicator, settings, the
/// JSON Schemas for editors (named by a `# yaml-language-server: $schema=` line in each file) and a
/// `.gitignore` for track's own state.
public struct WorkspaceTemplate: Sendable {
    /// The example forecast's `evaluate:` value, as a YAML flow mapping naming a plugin (the core names none).
    public var evaluate: String
    /// The day the example forecast is made and its first observation dated.
    public var today: Day

    public init(evaluate: String, today: Day) {
        self.evaluate = evaluate
        self.today = today
    }

    /// The example indicator's id.
    public static let indicatorID = "example-price"

    /// Each file's path relative to the workspace, and its text.
    public var files: [(path: String, text: String)] {
        let (year, _, _) = today.components
        // A new workspace has no catalog: the schemas of the files it has.
        let schemas = ["predictions", "indicator", "settings"].map { ("schema/\($0).schema.json", WorkspaceSchemas.text($0)!) }
        return [
            (
                "predictions.yaml",
                """
                # yaml-language-server: $schema=schema/predictions.schema.json
                # The forecasts: what is claimed, by when, and how track evaluates it (track plugins lists the evaluators).
                sources:
                  - id: my-notes
                    title: My own forecasts
                    published: \(today)

                predictions:
                  - id: example-price-halves
                    statement: The example price falls to half its first value.
                    source: my-notes
                    made: \(today)
                    deadline: \(year + 1)-Q4
                    probability: 0.5
                    criteria: Yes if an observation of example-price at or below 0.5 is dated on or before the deadline.
                    tags: [example]
                    evaluate:
                      \(evaluate)

                """
            ),
            (
                "indicators/\(Self.indicatorID).yaml",
                """
                # yaml-language-server: $schema=../schema/indicator.schema.json
                # One series: dated, sourced observations (track record \(Self.indicatorID) VALUE --source URL adds one).
                name: An example price
                unit: usd
                kind: numeric
                better: lower
                observations:
                  - date: \(today)
                    value: 1.0
                    source: https://example.com/replace-with-your-source

                """
            ),
            (
                "track.yaml",
                """
                # yaml-language-server: $schema=schema/settings.schema.json
                name: My forecasts
                stale-after-days: 180

                """
            ),
            (
                ".gitignore",
                "# track's own state: the history index and locks (history/ text files, when present, are the record).\n.track/\n"
                    + "# What a write killed midway leaves behind (the next write removes it).\n*\(AtomicFile.temporarySuffix)\n"
            ),
        ] + schemas
    }
}
