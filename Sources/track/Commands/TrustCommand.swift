import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
import TrackExec
import Tracker

/// `track trust`: allow the programs a workspace ships under plugins/ to run.
struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Allow the programs in this workspace's plugins/ folder to run (exec forecasts).",
        discussion: """
            A cloned workspace's plugins/track-eval-* programs are code that came with the data: track runs them \
            only once you have read them and run track trust. The trust is kept outside the workspace \
            ($XDG_DATA_HOME/track/trusted, default ~/.local/share/track/trusted), for the workspace's real path and \
            a fingerprint (SHA-256) of everything under plugins/: any change there needs track trust again. Until \
            then, those forecasts are 'error' and track validate warns. Programs found on the PATH are not affected.

            Examples:
              track trust --status
              track trust
              track trust --revoke
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Flag(help: "Withdraw the trust; the workspace's programs stop running.") var revoke = false
    @Flag(help: "Say whether the workspace's programs are trusted; change nothing.") var status = false

    func validate() throws {
        if revoke, status { throw ValidationError("--revoke and --status do not go together") }
    }

    func run() throws {
        let session = try workspace.session()
        let shown = Console.displayPath(session.root.isEmpty ? "." : session.root)
        let folder = "\(shown)/\(WorkspaceSession.programsDirectory)/"
        if status {
            let (status, command) = session.trustStatus
            switch status {
            case .noPrograms: Console.print("\(shown) has no \(WorkspaceSession.programsDirectory)/ folder: nothing to trust")
            case .unreadable(let reason):
                Console.print("cannot read \(folder): \(reason); nothing there runs until it can be read and is trusted")
            case .trusted: Console.print("trusted: the programs in \(folder) may run")
            case .untrusted: Console.print("not trusted: the programs in \(folder) do not run; after reading them, run: \(command)")
            case .changed:
                Console.print("changed since trusted: \(folder) differs from what was trusted; after reading it, run: \(command)")
            }
            return
        }
        if revoke {
            let had = try perform { () throws(TrackError) in try session.revokeTrust() }
            Console.print(had ? "revoked: the programs in \(folder) no longer run" : "\(shown) was not trusted; nothing changed")
        } else {
            let (fingerprint, store) = try perform { () throws(TrackError) in try session.trustPrograms() }
            Console.print("trusted the programs in \(folder) (sha256 \(fingerprint.prefix(16))), recorded in \(store)")
        }
    }
}
