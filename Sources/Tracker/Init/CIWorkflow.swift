import TrackCore
import TrackEngine

/// A scheduled CI job that keeps a workspace's history: it builds track (cached), runs `track validate`,
/// `track update --quiet` and `track evaluate --quiet`, writes the HTML report, and commits `history/`,
/// the indicators and the report back with a bot identity; two runs never overlap.
/// `track init --ci github|gitlab` writes it.
public struct CIWorkflow: Sendable {
    /// Where the job runs.
    public enum Provider: String, Sendable, CaseIterable {
        case github, gitlab
    }

    public var provider: Provider
    /// The workspace's folder relative to the repository's root (`.` for the root itself).
    public var workspace: String
    /// A git URL of track's source to build, when the repository does not hold it (nil: build the repository).
    public var trackSource: String?
    /// When it runs (cron syntax, UTC): every morning at 7 by default. GitLab takes it in its pipeline schedules.
    public var schedule: String

    public init(provider: Provider, workspace: String, trackSource: String?, schedule: String = "0 7 * * *") {
        self.provider = provider
        self.workspace = workspace.isEmpty ? "." : workspace
        self.trackSource = trackSource
        self.schedule = schedule
    }

    /// The file's path relative to the repository's root.
    public var path: String {
        switch provider {
        case .github: ".github/workflows/track.yml"
        case .gitlab: ".gitlab-ci.yml"
        }
    }

    /// The folder holding track's Package.swift, relative to the repository's root.
    private var package: String { trackSource == nil ? "." : ".track-source" }

    /// `path` inside `folder`, without a leading `./`.
    private func inside(_ folder: String, _ path: String) -> String { folder == "." ? path : folder + "/" + path }

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

    /// Shell lines shared by both providers; `indent` spaces before each.
    private func script(_ indent: Int, commit: [String]) -> [String: String] {
        let pad = String(repeating: " ", count: indent)
        func block(_ lines: [String]) -> String { lines.map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n") }
        let workspace = Self.shellWord(self.workspace)
        let package = Self.shellWord(self.package)
        var fetch: [String] = []
        if let trackSource {
            fetch = [
                "mkdir -p .track-source",
                "(cd .track-source && git init -q && git fetch -q --depth 1 \(Self.shellWord(trackSource)) HEAD && git checkout -q FETCH_HEAD)",
            ]
        }
        let checked: (String, String) -> [String] = { command, what in
            let prefix = self.provider == .github ? "::error title=track \(what)::" : "track \(what): "
            return [
                "status=0",
                "\"$TRACK\" -w \(workspace) \(command) || status=$?",
                "if [ \"$status\" -eq 65 ]; then",
                "  echo \"\(prefix)the workspace has errors (exit 65): fix the files named above\"",
                "fi",
                "if [ \"$status\" -ne 0 ]; then exit \"$status\"; fi",
            ]
        }
        return [
            "exclude": block(["printf '%s\\n' .build/ .track-source/ >> .git/info/exclude"]),
            "fetch": block(fetch),
            "build": block([
                "swift build -c release --product track --package-path \(package)"
            ]),
            "binary": "$(swift build -c release --package-path \(package) --show-bin-path)/track",
            "validate": block(checked("validate", "validate")),
            "update": block([
                "status=0",
                "\"$TRACK\" -w \(workspace) update --quiet || status=$?",
                "if [ \"$status\" -eq 69 ]; then",
                "  echo \"\(provider == .github ? "::warning title=track update::" : "track update: ")a source could not be read (exit 69): "
                    + "the forecasts are evaluated on the data there is\"",
                "  status=0",
                "fi",
                "if [ \"$status\" -ne 0 ]; then exit \"$status\"; fi",
            ]),
            "evaluate": block(checked("evaluate --quiet", "evaluate")),
            "report": block(["\"$TRACK\" -w \(workspace) report --output \(Self.shellWord(inside(self.workspace, "report.html")))"]),
            "commit": block(
                [
                    "for path in "
                        + ["history", "indicators", "report.html"].map { Self.shellWord(inside(self.workspace, $0)) }.joined(separator: " ")
                        + "; do",
                    "  if [ -e \"$path\" ]; then git add -- \"$path\"; fi",
                    "done",
                    "if git diff --cached --quiet; then",
                    "  echo \"nothing changed: no commit\"",
                    "  exit 0",
                    "fi",
                ] + commit),
        ]
    }

    /// The file's text.
    public var text: String {
        switch provider {
        case .github: github
        case .gitlab: gitlab
        }
    }

    private var github: String {
        let script = script(
            10,
            commit: [
                "git config user.name \"github-actions[bot]\"",
                "git config user.email \"41898282+github-actions[bot]@users.noreply.github.com\"",
                "git commit -q -m \"track: evaluate $(date -u +%F)\"",
                "git pull -q --rebase origin \"$GITHUB_REF_NAME\"",
                "git push -q origin \"HEAD:$GITHUB_REF_NAME\"",
            ])
        let hashed = ["Package.swift", "Package.resolved", "Sources/**"].map { "'\(inside(package, $0))'" }.joined(separator: ", ")
        let fetch =
            trackSource == nil
            ? ""
            : """
                  - name: Fetch track's source
                    run: |
            \(script["fetch"]!)

            """
        return """
            # Written by `track init --ci github`. Every morning (and on demand, from the Actions tab): build track,
            # validate the workspace, fetch new observations, evaluate, write the HTML report, and commit history/,
            # indicators/ and the report back.
            # Exit 65 (the workspace has errors) fails the run, and GitHub mails the failure. See docs/teams.md.
            name: track

            on:
              schedule:
                - cron: "\(schedule)"
              workflow_dispatch:

            permissions:
              contents: write

            # Two runs never overlap: a second one waits for the first.
            concurrency:
              group: track-evaluate
              cancel-in-progress: false

            jobs:
              evaluate:
                runs-on: ubuntu-latest
                container: swift:6.0
                timeout-minutes: 60
                steps:
                  - name: Check out the repository
                    uses: actions/checkout@v4
                  - name: Keep build folders out of the workspace's git status
                    run: |
                      git config --global --add safe.directory "$GITHUB_WORKSPACE"
            \(script["exclude"]!)
                  - name: Install the system libraries track needs
                    run: apt-get update && apt-get install -y libyaml-dev libsqlite3-dev
            \(fetch)      - name: Cache the build
                    uses: actions/cache@v4
                    with:
                      path: \(inside(package, ".build"))
                      key: track-build-${{ hashFiles(\(hashed)) }}
                      restore-keys: track-build-
                  - name: Build track
                    run: |
            \(script["build"]!)
                      echo "TRACK=\(script["binary"]!)" >> "$GITHUB_ENV"
                  - name: Validate the workspace
                    run: |
            \(script["validate"]!)
                  - name: Fetch new observations (indicators with an update source)
                    run: |
            \(script["update"]!)
                  - name: Evaluate the forecasts
                    run: |
            \(script["evaluate"]!)
                  - name: Write the report
                    run: |
            \(script["report"]!)
                  - name: Keep the report with the run
                    uses: actions/upload-artifact@v4
                    with:
                      name: track-report
                      path: \(inside(workspace, "report.html"))
                  - name: Commit history/ and the report
                    run: |
            \(script["commit"]!)

            """
    }

    private var gitlab: String {
        let script = script(
            6,
            commit: [
                "git -c user.name=\"track bot\" -c user.email=\"track-bot@noreply.invalid\" commit -q -m \"track: evaluate $(date -u +%F)\"",
                "git push -q \"https://track-bot:${TRACK_PUSH_TOKEN}@${CI_SERVER_HOST}/${CI_PROJECT_PATH}.git\" \"HEAD:${CI_COMMIT_BRANCH}\"",
            ])
        let fetch =
            trackSource == nil
            ? ""
            : """
                - |
            \(script["fetch"]!)

            """
        return """
            # Written by `track init --ci gitlab`. Build track, validate the workspace, fetch new observations,
            # evaluate, write the HTML report, and commit history/, indicators/ and the report back. Run it every
            # morning with a pipeline schedule (Build > Pipeline schedules, interval "\(schedule)"), and let it
            # push: a project access token with write_repository as the masked CI/CD variable TRACK_PUSH_TOKEN.
            # Exit 65 (the workspace has errors) fails the pipeline, and GitLab mails the failure. See
            # docs/teams.md.
            track-evaluate:
              image: swift:6.0
              rules:
                - if: $CI_PIPELINE_SOURCE == "schedule"
                - if: $CI_PIPELINE_SOURCE == "web"
              # Two runs never overlap: a second one waits for the first.
              resource_group: track-evaluate
              variables:
                GIT_DEPTH: "0"
              cache:
                key: track-build
                paths:
                  - \(inside(package, ".build/"))
              script:
                - |
            \(script["exclude"]!)
                - apt-get update && apt-get install -y libyaml-dev libsqlite3-dev
            \(fetch)    - |
            \(script["build"]!)
                - export TRACK="\(script["binary"]!)"
                - |
            \(script["validate"]!)
                - |
            \(script["update"]!)
                - |
            \(script["evaluate"]!)
                - |
            \(script["report"]!)
                - |
            \(script["commit"]!)
              artifacts:
                name: track-report
                paths:
                  - \(inside(workspace, "report.html"))

            """
    }
}
