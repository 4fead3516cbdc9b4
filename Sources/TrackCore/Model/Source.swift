/// Where forecasts come from: an article, a report, a person.
public struct Source: Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var publisher: String?
    public var published: Day?
    public var url: String?
    public var mark: SourceMark
}
