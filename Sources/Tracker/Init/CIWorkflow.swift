import TrackCore
import TrackEngine

/// A scheduled CI job that keeps a workspace's history: it builds track (pinned, cached), runs `track validate`,
/// `track update --quiet` and `track evaluate --quiet`, publishes the report (GitHub's step summary, an
/// artifact, Pages where enabled), and commits `history/` and `indicators/` back, only when they changed,
/// from a job of its own: the job that builds and runs track holds no token that can write. Two runs
/// never overlap. `track init --ci github|gitlab` writes it.
public struct CIWorkflow: Sendable {
    /// Where the job runs.
    public enum Provider: String, Sendable, CaseIterable {
        case github, gitlab
    }

    public var provider: Provider
    /// The workspace's folder relative to the repository's root (`.` for the root itself).
    public var workspace: String
    /// The track to build (nil: the repository's own source, at the commit the run checks out).
    public var pin: TrackPin?
    /// When it runs (cron syntax, UTC): every morning at 7 by default. GitLab takes it in its pipeline schedules.
    public var schedule: String

    public init(provider: Provider, workspace: String, pin: TrackPin?, schedule: String = "0 7 * * *") {
        self.provider = provider
        self.workspace = workspace.isEmpty ? "." : workspace
        self.pin = pin
        self.schedule = schedule
    }

    /// The file's path relative to the repository's root.
    public var path: String {
        switch provider {
        case .github: ".github/workflows/track.yml"
        case .gitlab: ".gitlab-ci.yml"
        }
    }

    /// The file's text.
    public var text: String {
        switch provider {
        case .github: github
        case .gitlab: gitlab
        }
    }

    /// The folder holding track's Package.swift, relative to the repository's root.
    var package: String { pin == nil ? "." : ".track-source" }

    /// Where the job writes the HTML report (`index.html`), relative to the repository's root: published, never committed.
    static let reportFolder = "track-report"
    /// The container the job builds track in: the Swift release track is built and tested with (6.3; its
    /// dependencies need Swift 6.1 or later: GRDB 7.10's manifest).
    static let swiftImage = "swift:6.3"
    /// The archive of `history/` and `indicators/` the job that runs track hands to the job that commits.
    static let changes = "track-changes.tar"

    /// `path` inside `folder`, without a leading `./`.
    func inside(_ folder: String, _ path: String) -> String { folder == "." ? path : folder + "/" + path }

    /// Whether a workspace folder (relative to the repository) can go into a job as it is: letters,
    /// digits, spaces and `. _ - /` only, so that no YAML, shell or `${{ }}` expression reads it as syntax.
    public static func isSafeFolder(_ folder: String) -> Bool {
        !folder.isEmpty && !folder.hasPrefix("-")
            && folder.allSatisfy { ($0.isLetter || $0.isNumber || "._-/ ".contains($0)) && !$0.isNewline }
    }

    /// A word for /bin/sh: as it is when it holds only safe characters, else single-quoted.
    static func shellWord(_ text: String) -> String {
        let safe = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._/-:@%+=".contains($0)) }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// The comment above the pin: what is built, and how to change it.
    var pinComment: [String] {
        let flag = "track init --ci \(provider.rawValue)"
        guard let pin else {
            return [
                "track is built from this repository's own source, at the commit the run checks out. To build a release",
                "instead, move this file aside and run `\(flag) --track-ref TAG` (and --track-source URL).",
            ]
        }
        return [
            "track is built from TRACK_SOURCE at TRACK_REF, a release tag or a full commit hash: "
                + (pin == .release ? "the version that wrote this job." : "as given when this job was written."),
            "To change the pin, edit these two lines, or move this file aside and run",
            "`\(flag) --track-source URL --track-ref REF`. A branch or HEAD is refused: every run builds the same track.",
        ]
    }

    /// Shell lines for the steps both providers run, each a block of lines indented by `indent` spaces.
    struct Steps {
        var exclude, fetch, build, binary, validate, update, evaluate, report, collect, commit: String
    }

    /// The steps, with `commit` ending in the provider's own commit and push lines.
    func steps(_ indent: Int, commit: [String]) -> Steps {
        let pad = String(repeating: " ", count: indent)
        func block(_ lines: [String]) -> String { lines.map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n") }
        let workspace = Self.shellWord(self.workspace)
        let package = Self.shellWord(self.package)
        let kept = ["history", "indicators"].map { Self.shellWord(inside(self.workspace, $0)) }.joined(separator: " ")
        let github = provider == .github
        let warningPrefix = github ? "::warning title=track update::" : "track update: "
        func checked(_ command: String, _ what: String) -> [String] {
            let errorPrefix = github ? "::error title=track \(what)::" : "track \(what): "
            return [
                "status=0",
                "\"$TRACK\" -w \(workspace) \(command) || status=$?",
                "if [ \"$status\" -eq 65 ]; then",
                "  echo \"\(errorPrefix)the workspace has errors (exit 65): fix the files named above\"",
                "fi",
                "if [ \"$status\" -ne 0 ]; then exit \"$status\"; fi",
            ]
        }
        return Steps(
            exclude: block(["printf '%s\\n' .build/ .track-source/ \(Self.reportFolder)/ \(Self.changes) >> .git/info/exclude"]),
            fetch: block([
                "mkdir -p .track-source",
                "(",
                "  cd .track-source",
                "  git init -q",
                "  # A full commit hash is fetched as it is; anything else only as a tag, never as a branch.",
                "  if printf '%s\\n' \"$TRACK_REF\" | grep -Eqx '[0-9a-f]{40}|[0-9a-f]{64}'; then",
                "    git fetch -q --depth 1 \"$TRACK_SOURCE\" \"$TRACK_REF\"",
                "  else",
                "    git fetch -q --depth 1 \"$TRACK_SOURCE\" \"refs/tags/$TRACK_REF\"",
                "  fi",
                "  git checkout -q FETCH_HEAD",
                "  echo \"track $TRACK_REF from $TRACK_SOURCE: commit $(git rev-parse HEAD)\"",
                ")",
            ]),
            build: block(["swift build -c release --product track --package-path \(package)"]),
            binary: "$(swift build -c release --package-path \(package) --show-bin-path)/track",
            validate: block(checked("validate", "validate")),
            update: block([
                "status=0",
                "\"$TRACK\" -w \(workspace) update --quiet || status=$?",
                "if [ \"$status\" -eq 69 ]; then",
                "  echo \"\(warningPrefix)a source could not be read (exit 69): the forecasts are evaluated on the data there is\"",
                "  status=0",
                "fi",
                "if [ \"$status\" -ne 0 ]; then exit \"$status\"; fi",
            ]),
            evaluate: block(checked("evaluate --quiet", "evaluate")),
            report: block(["\"$TRACK\" -w \(workspace) report --output \(Self.reportFolder)/index.html"]),
            collect: block([
                "set --",
                "for path in \(kept); do",
                "  if [ -e \"$path\" ]; then set -- \"$@\" \"$path\"; fi",
                "done",
                "changed=false",
                "if [ \"$#\" -gt 0 ] && [ -n \"$(git status --porcelain -- \"$@\")\" ]; then",
                "  tar -cf \(Self.changes) \"$@\"",
                "  changed=true",
                "  echo \"history/ or indicators/ changed: the commit job commits them\"",
                "else",
                "  echo \"nothing changed: no commit\"",
                "fi",
            ]),
            commit: block(
                [
                    "if [ ! -f \(Self.changes) ]; then",
                    "  echo \"nothing changed: no commit\"",
                    "  exit 0",
                    "fi",
                    "tar -xf \(Self.changes)",
                    "rm \(Self.changes)",
                    "for path in \(kept); do",
                    "  if [ -e \"$path\" ]; then git add -- \"$path\"; fi",
                    "done",
                    "if git diff --cached --quiet; then",
                    "  echo \"nothing changed: no commit\"",
                    "  exit 0",
                    "fi",
                ] + commit))
    }
}
