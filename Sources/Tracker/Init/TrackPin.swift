import TrackCore

/// Where a CI job gets the track it builds: a git repository and one release tag or commit in it, so
/// that every run builds the same track (never whatever a branch holds that day).
public struct TrackPin: Sendable, Equatable {
    /// A git URL of track's source.
    public var source: String
    /// A release tag (`0.1.0`) or a full commit hash in `source`.
    public var ref: String

    /// Where track's releases are published: one git tag per version, named as `track --version` prints it.
    public static let releaseRepository = "https://github.com/track-forecasts/track.git"

    /// The release that wrote the job: this version's tag in the release repository.
    public static var release: TrackPin { TrackPin(source: releaseRepository, ref: TrackVersion.current) }

    /// Whether `ref` names a commit rather than a tag: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.
    public var isCommit: Bool { Self.isCommit(ref) }

    static func isCommit(_ ref: String) -> Bool {
        (ref.count == 40 || ref.count == 64) && ref.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// The pin from the flags (each nil: the release's), or a usage error naming the flag whose value a job
    /// cannot carry: characters that YAML, a shell or a `${{ }}` expression would read as syntax, an
    /// option for git, or a ref that is not a tag or a full commit (HEAD and branches move).
    public static func checked(source: String?, ref: String?) throws(TrackError) -> TrackPin {
        let source = source ?? releaseRepository
        if let scheme = source.range(of: "://"), source[scheme.upperBound...].prefix(while: { $0 != "/" }).contains("@") {
            throw TrackError(
                .usage,
                "--track-source: the URL carries credentials (user@ or user:password@), which would be written into the job and its log; "
                    + "give the URL without them (a private repository takes a deploy key or the CI's token)")
        }
        guard isSafeSource(source) else {
            throw TrackError(
                .usage,
                "--track-source '\(TerminalText.excerpt(source))' is not a git URL a CI job can carry: give one of letters, digits and "
                    + ". _ ~ : / @ % + = - only (as https://host/owner/track.git), not starting with -")
        }
        let ref = ref.map { isCommit($0.lowercased()) ? $0.lowercased() : $0 } ?? TrackVersion.current
        guard isCommit(ref) || isSafeTag(ref) else {
            throw TrackError(
                .usage,
                "--track-ref '\(TerminalText.excerpt(ref))' is not a release tag or a commit: give a tag (letters, digits and . _ - + /, as "
                    + "\(TrackVersion.current)) or a full commit hash (40 hex digits); HEAD and branches would build whatever is newest")
        }
        return TrackPin(source: source, ref: ref)
    }

    private static func isSafeSource(_ source: String) -> Bool {
        !source.isEmpty && !source.hasPrefix("-")
            && source.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._~:/@%+=-".contains($0)) }
    }

    /// A tag name git accepts (`git check-ref-format`), in a narrow alphabet, that does not name HEAD.
    private static func isSafeTag(_ tag: String) -> Bool {
        let allowed = tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-+/".contains($0)) }
        let malformed =
            tag.hasPrefix("-") || tag.hasPrefix(".") || tag.hasPrefix("/") || tag.hasSuffix("/") || tag.hasSuffix(".")
            || tag.hasSuffix(".lock") || tag.contains("..") || tag.contains("//") || tag.contains("/.")
        // A full ref (refs/heads/main) names a branch, and a short hex string is a commit git cannot fetch by itself.
        let looksLikeShortCommit = tag.count < 40 && tag.count >= 7 && tag.allSatisfy(\.isHexDigit)
        return !tag.isEmpty && allowed && !malformed && !tag.uppercased().hasSuffix("HEAD") && !tag.hasPrefix("refs/")
            && !looksLikeShortCommit
    }
}
