/// The version `track --version` prints and every recorded run carries.
public enum TrackVersion {
    public static let current = "0.1.0"
}
