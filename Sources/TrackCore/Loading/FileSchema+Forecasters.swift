extension FileSchema {
    /// An entry of a forecast's `said:` list.
    public static let forecasterEntry = FileSchema(
        "said",
        [
            Field("by", .slug, required: true, "The forecaster, one of track.yaml's 'forecasters'."),
            Field("p", .probability, required: true, "The probability, strictly between 0 and 1."),
            Field("on", .date, required: true, "The day it was said, from the forecast's 'made' to its deadline."),
            Field("note", .string, "A note: why, or after what news."),
        ])
}
