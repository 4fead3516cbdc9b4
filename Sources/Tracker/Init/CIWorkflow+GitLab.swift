/// The GitLab pipeline: `track-evaluate` builds and runs track and keeps the HTML report as an artifact;
/// `track-commit` pushes what changed in history/ and indicators/ (the push token can be scoped to its
/// environment); `pages` publishes the report where GitLab Pages is on.
extension CIWorkflow {
    var gitlab: String {
        let steps = steps(
            6,
            commit: [
                "git -c user.name=\"track bot\" -c user.email=\"track-bot@noreply.invalid\" commit -q -m \"track: evaluate $(date -u +%F)\"",
                "git fetch -q origin \"$CI_COMMIT_BRANCH\"",
                "git -c user.name=\"track bot\" -c user.email=\"track-bot@noreply.invalid\" rebase -q FETCH_HEAD",
                "git push -q \"https://track-bot:${TRACK_PUSH_TOKEN}@${CI_SERVER_HOST}/${CI_PROJECT_PATH}.git\" \"HEAD:${CI_COMMIT_BRANCH}\"",
            ])
        func comment(_ pad: String) -> String { pinComment.map { pad + "# " + $0 }.joined(separator: "\n") }
        let pinned = pin.map { "\n\(comment("    "))\n    TRACK_SOURCE: \"\($0.source)\"\n    TRACK_REF: \"\($0.ref)\"" } ?? ""
        // Scheduled or started by hand (Build > Pipelines > Run pipeline), never on a push.
        let rules = """
              rules:
                - if: $CI_PIPELINE_SOURCE == "schedule"
                - if: $CI_PIPELINE_SOURCE == "web"
            """
        let fetch =
            pin == nil
            ? ""
            : """
                - |
            \(steps.fetch)

            """
        return """
            # Written by `track init --ci gitlab`. Build track, validate the workspace, fetch new observations,
            # evaluate, keep the HTML report as an artifact (and on GitLab Pages, where enabled), and commit
            # history/ and indicators/ back when they changed. Run it every morning with a pipeline schedule
            # (Build > Pipeline schedules, interval "\(schedule)"), and let it push: a project access token with
            # write_repository as the masked CI/CD variable TRACK_PUSH_TOKEN, scoped to the environment
            # track-push where your GitLab offers environment scopes, so that only track-commit sees it.
            # Exit 65 (the workspace has errors) fails the pipeline, and GitLab mails the failure. See
            # docs/teams.md.
            \(pin == nil ? comment("") + "\n" : "")track-evaluate:
              image: \(Self.swiftImage)
            \(rules)
              # Two runs never overlap: a second one waits for the first.
              resource_group: track-evaluate
              variables:
                GIT_DEPTH: "0"\(pinned)
              cache:
                key: track-build
                paths:
                  - \(inside(package, ".build/"))
              script:
                - |
            \(steps.exclude)
                - apt-get update && apt-get install -y libyaml-dev libsqlite3-dev
            \(fetch)    - |
            \(steps.build)
                - export TRACK="\(steps.binary)"
                - |
            \(steps.validate)
                - |
            \(steps.update)
                - |
            \(steps.evaluate)
                - |
            \(steps.report)
                - |
            \(steps.collect)
              artifacts:
                name: \(Self.reportFolder)
                paths:
                  - \(Self.reportFolder)/
                  - \(Self.changes)

            # The only job that pushes: it runs no track and builds nothing, it commits what track-evaluate changed.
            track-commit:
              stage: deploy
              image: \(Self.swiftImage)
              needs: [track-evaluate]
            \(rules)
              resource_group: track-evaluate
              environment:
                name: track-push
              variables:
                GIT_DEPTH: "0"
              script:
                - |
            \(steps.commit)

            # The report on GitLab Pages, where Pages is enabled for the project.
            pages:
              stage: deploy
              image: \(Self.swiftImage)
              needs: [track-evaluate]
            \(rules)
              script:
                - rm -rf public && cp -R \(Self.reportFolder) public
              artifacts:
                paths:
                  - public

            """
    }
}
