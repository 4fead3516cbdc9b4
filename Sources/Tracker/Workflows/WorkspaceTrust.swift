import TrackExec

/// `track trust`: whether the programs a workspace brings (`plugins/`) may run, and changing that.
extension WorkspaceSession {
    /// The trust store's answer for this workspace, and the command that trusts it.
    public var trustStatus: (status: PluginTrust.Status, command: String) {
        (PluginTrust().status(workspace: root), PluginTrust.command(workspace: root))
    }

    /// Trusts the programs as they are now; their fingerprint and the file it is recorded in.
    public func trustPrograms() throws(TrackError) -> (fingerprint: String, store: String) {
        let trust = PluginTrust()
        do { return (try trust.trust(workspace: root), trust.storePath) } catch { throw TrackError(.usage, "\(error)") }
    }

    /// Withdraws the trust; whether there was any.
    public func revokeTrust() throws(TrackError) -> Bool {
        do { return try PluginTrust().revoke(workspace: root) } catch { throw TrackError(.usage, "\(error)") }
    }

    /// The folder of the workspace's own programs.
    public static let programsDirectory = PluginTrust.directory
}
