/// The GitHub Actions workflow: `evaluate` builds and runs track with a read-only token, writes the Markdown
/// report to the step summary and uploads the HTML report; `commit` (contents: write) commits what changed
/// in history/ and indicators/; `pages` (pages: write, id-token: write) publishes the report where GitHub
/// Pages is on.
extension CIWorkflow {
    var github: String {
        let steps = steps(
            10,
            commit: [
                "git config user.name \"github-actions[bot]\"",
                "git config user.email \"41898282+github-actions[bot]@users.noreply.github.com\"",
                "git commit -q -m \"track: evaluate $(date -u +%F)\"",
                "git pull -q --rebase origin \"$GITHUB_REF_NAME\"",
                "git push -q origin \"HEAD:$GITHUB_REF_NAME\"",
            ])
        let hashed = ["Package.swift", "Package.resolved", "Sources/**"].map { "'\(inside(package, $0))'" }.joined(separator: ", ")
        let comment = pinComment.map { "    # " + $0 }.joined(separator: "\n")
        let pinned =
            pin.map {
                """
                \(comment)
                    env:
                      TRACK_SOURCE: "\($0.source)"
                      TRACK_REF: "\($0.ref)"

                """
            } ?? comment + "\n"
        let fetch =
            pin == nil
            ? ""
            : """
                  - name: Fetch track's source at the pinned tag or commit
                    run: |
            \(steps.fetch)

            """
        return """
            # Written by `track init --ci github`. Every morning (and on demand, from the Actions tab): build track,
            # validate the workspace, fetch new observations, evaluate, show the report in the run's summary and
            # keep it as an artifact (and on GitHub Pages, where enabled), and commit history/ and indicators/
            # back when they changed. Exit 65 (the workspace has errors) fails the run, and GitHub mails the
            # failure. See docs/teams.md.
            name: track

            on:
              schedule:
                - cron: "\(schedule)"
              workflow_dispatch:

            # No job gets more than it names below: only `commit` can write to the repository.
            permissions: {}

            # Two runs never overlap: a second one waits for the first.
            concurrency:
              group: track-evaluate
              cancel-in-progress: false

            jobs:
              evaluate:
                runs-on: ubuntu-latest
                container: \(Self.swiftImage)
                timeout-minutes: 60
                permissions:
                  contents: read
                outputs:
                  changed: ${{ steps.changes.outputs.changed }}
            \(pinned)    steps:
                  - name: Check out the repository (its token is not kept for later steps)
                    uses: actions/checkout@v4
                    with:
                      persist-credentials: false
                  - name: Keep build folders out of the workspace's git status
                    run: |
                      git config --global --add safe.directory "$GITHUB_WORKSPACE"
            \(steps.exclude)
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
            \(steps.build)
                      echo "TRACK=\(steps.binary)" >> "$GITHUB_ENV"
                  - name: Validate the workspace
                    run: |
            \(steps.validate)
                  - name: Fetch new observations (indicators with an update source)
                    run: |
            \(steps.update)
                  - name: Evaluate the forecasts
                    run: |
            \(steps.evaluate)
                  - name: Write the HTML report
                    run: |
            \(steps.report)
                  - name: Show the report in the run's summary
                    run: |
                      summary="$(mktemp -d)/report.md"
                      "$TRACK" -w \(Self.shellWord(workspace)) report --format markdown --output "$summary"
                      # A step summary holds at most 1 MiB.
                      if [ "$(wc -c < "$summary")" -le 1000000 ]; then
                        cat "$summary" >> "$GITHUB_STEP_SUMMARY"
                      else
                        echo "The report is longer than a run's summary holds: see the \(Self.reportFolder) artifact." >> "$GITHUB_STEP_SUMMARY"
                      fi
                  - name: Keep the report with the run
                    uses: actions/upload-artifact@v4
                    with:
                      name: \(Self.reportFolder)
                      path: \(Self.reportFolder)/
                  - name: Keep the report for GitHub Pages (published by the pages job where Pages is on)
                    uses: actions/upload-pages-artifact@v3
                    with:
                      path: \(Self.reportFolder)/
                  - name: Collect what changed in history/ and indicators/
                    id: changes
                    run: |
            \(steps.collect)
                      echo "changed=$changed" >> "$GITHUB_OUTPUT"
                  - name: Hand the changes to the commit job
                    if: steps.changes.outputs.changed == 'true'
                    uses: actions/upload-artifact@v4
                    with:
                      name: track-changes
                      path: \(Self.changes)
                      retention-days: 1

              # The only job that can push: it runs no track and builds nothing, it commits what evaluate changed.
              commit:
                needs: evaluate
                if: needs.evaluate.outputs.changed == 'true'
                runs-on: ubuntu-latest
                timeout-minutes: 10
                permissions:
                  contents: write
                steps:
                  - name: Check out the repository
                    uses: actions/checkout@v4
                  - name: Fetch what evaluate changed
                    uses: actions/download-artifact@v4
                    with:
                      name: track-changes
                  - name: Commit history/ and indicators/
                    run: |
            \(steps.commit)

              # The report on GitHub Pages, where enabled (Settings > Pages > Source: GitHub Actions); elsewhere
              # this job says Pages is off and publishes nothing. Delete the job to do without it.
              pages:
                needs: evaluate
                runs-on: ubuntu-latest
                timeout-minutes: 10
                permissions:
                  pages: write
                  id-token: write
                environment:
                  name: github-pages
                  url: ${{ steps.deployment.outputs.page_url }}
                steps:
                  - name: Is GitHub Pages on, with GitHub Actions as its source?
                    id: enabled
                    uses: actions/configure-pages@v5
                    continue-on-error: true
                  - name: Publish the report on GitHub Pages
                    if: steps.enabled.outcome == 'success'
                    id: deployment
                    uses: actions/deploy-pages@v4

            """
    }
}
