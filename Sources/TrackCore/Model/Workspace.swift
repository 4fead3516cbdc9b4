/// Everything in a workspace: the sources and forecasts of predictions.yaml, every indicator, the settings.
public struct Workspace: Sendable {
    /// The directory holding predictions.yaml.
    public var root: String
    public var settings: Settings
    public var sources: [Source]
    public var predictions: [Prediction]
    /// Indicators in file-name order.
    public var indicators: [Indicator]
    /// The root node of each catalog/*.yaml file, in file-name order, with its marks. The core does not
    /// read them: the plugins that use a catalog decode it.
    public var catalog: [YAMLNode]
    /// Every indicator's observations sorted once, for the plugins' views of the data.
    public let series: SeriesStore
    /// Indicators whose files exist but could not be read (their errors are reported at the files): a
    /// forecast naming one is told so, not that the indicator is unknown.
    public var unreadableIndicatorIDs: Set<String> = []
    private var indicatorIndex: [String: Int]

    public init(
        root: String, settings: Settings, sources: [Source], predictions: [Prediction], indicators: [Indicator], catalog: [YAMLNode] = []
    ) {
        self.root = root
        self.catalog = catalog
        self.settings = settings
        self.sources = sources
        self.predictions = predictions
        self.indicators = indicators
        var index: [String: Int] = [:]
        for (offset, indicator) in indicators.enumerated() where index[indicator.id] == nil {
            index[indicator.id] = offset
        }
        indicatorIndex = index
        series = SeriesStore(indicators: indicators)
    }

    /// The folder of track's own state in a workspace (locks, the history index, what sources last
    /// answered); never committed.
    public static let stateDirectory = ".track"

    /// The history database's path.
    public var historyPath: String {
        settings.historyPath.hasPrefix("/") ? settings.historyPath : root + "/" + settings.historyPath
    }

    /// The indicator with this id.
    public func indicator(_ id: String) -> Indicator? {
        indicatorIndex[id].map { indicators[$0] }
    }

    /// The prediction with this id.
    public func prediction(_ id: String) -> Prediction? {
        predictions.first { $0.id == id }
    }
}
