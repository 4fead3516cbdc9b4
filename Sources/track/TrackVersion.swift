/// The version `track --version` prints.
enum TrackVersion {
    static let current = "0.1.0"
}
