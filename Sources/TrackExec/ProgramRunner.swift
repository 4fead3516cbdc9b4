import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Runs a program with bytes on standard input and returns its standard output, within a hard time limit
/// on the whole exchange (start, writing, reading, exit).
///
/// The program runs in a process group of its own with a minimal environment that carries a token unique to
/// this run. When the program ends, or when time is up, the group and every process still carrying the token
/// (descendants that moved to a session or group of their own included) are killed, so nothing it started
/// outlives the call. On Linux track is also the reaper of its orphaned descendants, so a process in a
/// session of its own that also cleared its environment (`env -i`) and lost its parent becomes track's
/// child, and is killed too.
/// Safe to call from several threads at once.
public struct ProgramRunner: Sendable {
    public let executable: URL
    public let timeout: Double
    /// The variables the program sees, besides the run's token (by default PATH, HOME, LANG and TZ only).
    public var environment: [String: String]
    /// Output beyond this is an error, not a memory problem.
    static let maximumOutputBytes = 4 << 20
    /// The longest `timeout` accepted, in seconds.
    public static let maximumTimeout = 120.0
    /// How long output may keep arriving after the program has exited (from descendants being stopped).
    static let drainSeconds = 0.5
    /// The variable that marks the program and everything it starts.
    static let tokenVariable = "TRACK_PLUGIN_RUN"

    /// The variables a program is given from track's own environment: these, plus those its forecast lists.
    static let baseEnvironment = ["PATH", "HOME", "LANG", "TZ"]

    /// `names` (with the base ones) taken from `environment` where set.
    public static func environment(
        passing names: [String], from environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String: String] {
        var passed: [String: String] = [:]
        for name in baseEnvironment + names { passed[name] = environment[name] }
        return passed
    }

    /// This track process's part of every run's token, so that all its programs can be found at once.
    static let processToken = UUID().uuidString

    /// A runner for `executable`, stopped after `timeout` seconds, seeing only `environment`.
    public init(executable: URL, timeout: Double, environment: [String: String] = ProgramRunner.environment(passing: [])) {
        self.executable = executable
        self.timeout = timeout
        self.environment = environment
    }

    /// Runs the program with `input` on its standard input; its standard output, or `ExecError` with why not.
    public func run(input: Data) throws -> Data {
        let name = executable.lastPathComponent
        guard ProcessPlatform.runsPrograms else { throw ExecError("cannot run \(name): \(ProcessPlatform.unsupportedMessage)") }
        let token = Self.processToken + "." + UUID().uuidString
        _ = Self.adoptsOrphans  // track becomes the reaper of orphans before its first program starts
        let (pid, stdinWrite, stdoutRead, stderrRead) = try Self.spawnLock.withLock { _ in
            let started = try spawn(token: token)
            Self.running.withLock { $0[started.pid] = token }
            return started
        }
        var exchange = Exchange(input: input, stdin: stdinWrite, stdout: stdoutRead, stderr: stderrRead)
        defer { exchange.closeAll() }
        let deadline = Self.now() + timeout
        var status: Int32 = 0
        var exited = false
        var drainDeadline = deadline
        while true {
            if !exited, waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                Self.running.withLock { _ = $0.removeValue(forKey: pid) }
                Self.stop(group: pid, token: token)
                drainDeadline = min(deadline, Self.now() + Self.drainSeconds)
            }
            if exited, exchange.outputsClosed { break }
            let remaining = (exited ? drainDeadline : deadline) - Self.now()
            if remaining <= 0 { break }
            exchange.step(waitingAtMost: min(remaining, 0.02))
            if exchange.overflowed { break }
        }
        if !exited {
            kill(-pid, SIGKILL)
            waitpid(pid, &status, 0)
            Self.running.withLock { _ = $0.removeValue(forKey: pid) }
            Self.stop(group: pid, token: token)
            if exchange.overflowed { throw ExecError("\(name) printed more than \(Self.maximumOutputBytes) bytes and was stopped") }
            throw ExecError("\(name) did not answer within \(timeout.formatted) s and was stopped")
        }
        if exchange.overflowed { throw ExecError("\(name) printed more than \(Self.maximumOutputBytes) bytes") }
        let signal = status & 0x7f
        if signal != 0 {
            throw ExecError("\(name) crashed (signal \(signal))\(Self.lastLine(exchange.errors))")
        }
        let exitCode = (status >> 8) & 0xff
        guard exitCode == 0 else {
            throw ExecError("\(name) exited with status \(exitCode)\(Self.lastLine(exchange.errors))")
        }
        return exchange.output
    }

    /// Pipes are created and programs started one thread at a time, so that no program inherits
    /// another run's pipe between its creation and its close-on-exec flag (which would keep that
    /// run's output open).
    private static let spawnLock = Mutex(())

    /// The programs running now, by process id, with their tokens.
    private static let running = Mutex<[pid_t: String]>([:])

    /// Whether track became the reaper of its orphaned descendants (Linux); done once, before the first program starts.
    private static let adoptsOrphans = ProcessPlatform.becomeChildSubreaper()

    /// Starts the program; returns it and the parent's ends of its three pipes.
    private func spawn(token: String) throws -> (pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) {
        let name = executable.lastPathComponent
        let (stdinRead, stdinWrite) = try Self.makePipe()
        let (stdoutRead, stdoutWrite) = try Self.makePipe()
        let (stderrRead, stderrWrite) = try Self.makePipe()

        var variables = environment
        variables[Self.tokenVariable] = token
        let environmentStrings: [UnsafeMutablePointer<CChar>?] =
            variables.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let path = executable.path
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
        defer { for pointer in environmentStrings + arguments { free(pointer) } }
        let spawned = ProcessPlatform.spawn(
            path: path, arguments: arguments, environment: environmentStrings, stdin: stdinRead, stdout: stdoutWrite, stderr: stderrWrite)
        for descriptor in [stdinRead, stdoutWrite, stderrWrite] { close(descriptor) }
        switch spawned {
        case .success(let pid):
            return (pid, stdinWrite, stdoutRead, stderrRead)
        case .failure(let error):
            for descriptor in [stdinWrite, stdoutRead, stderrRead] { close(descriptor) }
            throw ExecError("cannot run \(name): \(String(cString: strerror(error.number)))")
        }
    }

    /// Seconds on a clock that never jumps.
    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw ExecError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    /// Ends a run whose program has been reaped: kills its process group and every process that carries its
    /// token, until none is left; reaps those that became track's children (where track adopts orphans); then
    /// stops the orphans they leave in sessions of their own.
    static func stop(group pid: pid_t, token: String) {
        kill(-pid, SIGKILL)
        let carriers = killAll(carrying: [token])
        guard adoptsOrphans else { return }
        let deadline = now() + reapSeconds
        // The group's members are track's once the program is gone; each one's children are track's before
        // it can be reaped, so when the group is reaped, whatever escaped it is track's child too.
        while now() < deadline {
            let reaped = waitpid(-pid, nil, WNOHANG)
            if reaped < 0 { break }
            if reaped == 0 { usleep(1_000) }
        }
        reap(carriers, until: deadline)
        stopOrphans(sparingRunning: true)
    }

    /// How long stopping a run waits for killed processes to be reaped (one stuck in the kernel is left).
    static let reapSeconds = 1.0

    /// Reaps `pids` that are or become track's children, until each is reaped or gone, or `deadline`.
    private static func reap(_ pids: Set<pid_t>, until deadline: Double) {
        var pending = pids
        while !pending.isEmpty, now() < deadline {
            pending = pending.filter { waitpid($0, nil, WNOHANG) <= 0 && kill($0, 0) == 0 }
            if !pending.isEmpty { usleep(1_000) }
        }
    }

    /// Kills every program this track process started, and all they started: for an interrupted track.
    static func stopAll() {
        killAll(carrying: [processToken + "."], prefix: true)
        stopOrphans(sparingRunning: false)
    }

    /// Kills every process carrying one of `tokens` (see `processes(carrying:prefix:)`) until none is left;
    /// returns the ones it killed.
    @discardableResult
    private static func killAll(carrying tokens: [String], prefix: Bool = false) -> Set<pid_t> {
        var killed = Set<pid_t>()
        for _ in 0..<100 {
            let survivors = processes(carrying: tokens, prefix: prefix)
            if survivors.isEmpty { break }
            for survivor in survivors { kill(survivor, SIGKILL) }
            killed.formUnion(survivors)
            usleep(2_000)
        }
        return killed
    }

    /// Kills and reaps the processes programs left behind that became track's children as their reaper (in
    /// a session of their own, so not a program or command track started itself), until none is left. With
    /// `sparingRunning`, the programs still running and whatever carries one of their tokens are left to
    /// their own run's end.
    static func stopOrphans(sparingRunning: Bool) {
        guard adoptsOrphans else { return }
        // One sweep at a time: an orphan one sweep lists stays track's child until that sweep reaps it.
        sweeping.withLock { _ in
            for _ in 0..<100 {
                var orphans = adoptedOrphans()
                if sparingRunning, !orphans.isEmpty {
                    let programs = running.withLock { $0 }
                    let marked = Set(programs.keys).union(processes(carrying: Array(programs.values)))
                    orphans.removeAll { marked.contains($0) }
                }
                if orphans.isEmpty { return }
                for orphan in orphans { kill(orphan, SIGKILL) }
                reap(Set(orphans), until: now() + reapSeconds)
            }
        }
    }

    private static let sweeping = Mutex(())

    /// Track's children in a session other than its own. (A child track starts itself, a plugin or a
    /// command, stays in track's session.)
    private static func adoptedOrphans() -> [pid_t] {
        let me = getpid()
        let mySession = getsid(0)
        return ProcessPlatform.otherProcesses().filter { pid in
            guard let process = ProcessPlatform.parentAndSession(of: pid) else { return false }
            return process.parent == me && process.session != mySession
        }
    }

    /// The live processes (other than track) whose environment holds `TRACK_PLUGIN_RUN=` one of `tokens`
    /// (or, with `prefix`, a value that starts with one).
    static func processes(carrying tokens: [String], prefix: Bool = false) -> [pid_t] {
        guard !tokens.isEmpty else { return [] }
        let markers = tokens.map { [0] + Array("\(tokenVariable)=\($0)".utf8) + (prefix ? [] : [0]) }
        return ProcessPlatform.otherProcesses().filter { pid in
            guard let environment = ProcessPlatform.environment(of: pid) else { return false }
            return markers.contains { contains([0] + environment, $0) }
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    /// ": <the last line the program printed on standard error>", or nothing.
    private static func lastLine(_ errors: Data) -> String {
        let line = String(decoding: errors, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        return line.isEmpty ? "" : ": \(line.prefix(300))"
    }
}

/// The three pipes of one run, served by `poll` on the calling thread: input written as the program
/// takes it, both outputs read as they come, so that no pipe fills up and blocks either side.
private struct Exchange {
    private let input: Data
    private var written = 0
    private var stdin: Int32
    private var stdout: Int32
    private var stderr: Int32
    private(set) var output = Data()
    private(set) var errors = Data()
    private(set) var overflowed = false

    init(input: Data, stdin: Int32, stdout: Int32, stderr: Int32) {
        self.input = input
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        for descriptor in [stdin, stdout, stderr] { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        if input.isEmpty { Self.close(&self.stdin) }
    }

    var outputsClosed: Bool { stdout < 0 && stderr < 0 }

    /// Waits up to `seconds` for a pipe to be ready, then moves what it can.
    mutating func step(waitingAtMost seconds: Double) {
        var descriptors: [pollfd] = []
        if stdin >= 0 { descriptors.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
        if stdout >= 0 { descriptors.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
        if stderr >= 0 { descriptors.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
        guard !descriptors.isEmpty else {
            usleep(useconds_t(seconds * 1_000_000))
            return
        }
        guard poll(&descriptors, nfds_t(descriptors.count), Int32(max(1, seconds * 1000))) > 0 else { return }
        for descriptor in descriptors where descriptor.revents != 0 {
            if descriptor.fd == stdin { writeInput() }
            if descriptor.fd == stdout { Self.drain(&stdout, into: &output, overflowed: &overflowed) }
            if descriptor.fd == stderr {
                var ignored = false
                Self.drain(&stderr, into: &errors, overflowed: &ignored)
            }
        }
    }

    mutating func closeAll() {
        Self.close(&stdin)
        Self.close(&stdout)
        Self.close(&stderr)
    }

    private mutating func writeInput() {
        let count = input.withUnsafeBytes { buffer in
            Self.send(stdin, buffer.baseAddress! + written, buffer.count - written)
        }
        if count > 0 { written += count }
        if written >= input.count || (count < 0 && errno != EAGAIN && errno != EINTR) { Self.close(&stdin) }
    }

    /// Reads what is there; closes the descriptor at the end of the stream. Keeps a little past the
    /// output limit, then reports the overflow.
    private static func drain(_ descriptor: inout Int32, into data: inout Data, overflowed: inout Bool) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while descriptor >= 0 {
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 {
                if data.count <= ProgramRunner.maximumOutputBytes { data.append(buffer, count: count) } else { overflowed = true }
                continue
            }
            if count < 0, errno == EAGAIN || errno == EINTR { return }
            close(&descriptor)
        }
    }

    private static func close(_ descriptor: inout Int32) {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
        descriptor = -1
    }

    /// `write(2)` without SIGPIPE killing track when the program exits without reading its input:
    /// the signal is blocked on this thread and, if the write raised it, taken before unblocking.
    private static func send(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let written = write(descriptor, bytes, count)
        if written < 0, errno == EPIPE {
            let saved = errno
            ProcessPlatform.discardPendingSignal(&blocked)
            errno = saved
        }
        return written
    }
}

/// `close(2)`, under a name that the exchange's own `close(_:)` does not shadow.
private func closeDescriptor(_ descriptor: Int32) -> Int32 { close(descriptor) }

/// The programs `exec` plugins run, as a whole.
public enum PluginPrograms {
    /// Kills every program this process has started for plugins, with everything they started.
    /// For a track interrupted (Ctrl-C, a scheduler's SIGTERM) while plugins run: nothing outlives it.
    public static func stopAll() {
        ProgramRunner.stopAll()
    }

    /// `plugins/NAME` in the workspace, else the first `NAME` on the PATH that can be run. Relative PATH
    /// entries (`.`, empty) are skipped: they would find the workspace's own files without trust.
    public static func locate(_ name: String, workspace: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates =
            [workspace + "/" + PluginTrust.directory] + path.split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
        return candidates.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
