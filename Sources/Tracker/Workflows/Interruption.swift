import Dispatch
import Foundation
import Synchronization
import TrackExec

/// What an interrupted track does: on SIGINT, SIGTERM or SIGHUP it kills the plugin and source programs
/// still running (and whatever they started), then exits as the signal would have. An interrupted track
/// leaves no process behind.
public final class Interruption {
    /// Set when a signal asks track to stop.
    private static let interrupted = Atomic(false)
    private var sources: [any DispatchSourceSignal] = []

    /// Installs the handlers; they stay for the life of the process.
    public init() {
        sources = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Self.interrupted.store(true, ordering: .releasing)
                PluginPrograms.stopAll()
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// Once interrupted, waits for the handler to stop the programs and exit, rather than going on to
    /// report the programs' failures as if nothing had happened.
    public func waitIfInterrupted() {
        while Self.interrupted.load(ordering: .acquiring) { sleep(1) }
    }
}
