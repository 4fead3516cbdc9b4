import TrackCore
import TrackEngine

/// The list that registers the built-in observation sources `track update` runs.
public enum BuiltInSources {
    public static let all: [any ObservationSource.Type] = [
        CSVSource.self,
        ExecSource.self,
        ManifoldSource.self,
        MetaculusSource.self,
        PolymarketSource.self,
    ]

    /// A registry of the built-in sources.
    public static var registry: SourceRegistry { SourceRegistry(all) }
}
