#if os(Linux)
    import CProcessControl
    import Glibc

    /// The calls of the process supervisor that only Linux has: becoming the reaper of orphaned
    /// descendants (prctl), listing processes and reading their environment and session (/proc), and
    /// glibc's spawn types. Every other system gets the branch below, which runs no program at all.
    enum ProcessPlatform {
        /// Whether programs can be run and supervised here.
        static let runsPrograms = true

        /// Makes track the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER); whether it worked.
        static func becomeChildSubreaper() -> Bool {
            track_become_child_subreaper() == 0
        }

        /// The ids of the live processes other than track.
        static func otherProcesses() -> [pid_t] {
            guard let directory = opendir("/proc") else { return [] }
            defer { closedir(directory) }
            let me = getpid()
            var found: [pid_t] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if let pid = pid_t(name), pid != me { found.append(pid) }
            }
            return found
        }

        /// The process's environment as `NAME=VALUE` entries separated by NUL bytes; nil when it cannot be read.
        static func environment(of pid: pid_t) -> [UInt8]? {
            let descriptor = open("/proc/\(pid)/environ", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            return readAll(descriptor, limit: 1 << 22)
        }

        /// The process's parent and session ids, from /proc/PID/stat.
        static func parentAndSession(of pid: pid_t) -> (parent: pid_t, session: pid_t)? {
            let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            let stat = String(decoding: readAll(descriptor, limit: 1 << 16), as: UTF8.self)
            guard let end = stat.lastIndex(of: ")") else { return nil }
            // After the name in parentheses: state, parent, process group, session.
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            guard fields.count > 3, let parent = pid_t(fields[1]), let session = pid_t(fields[3]) else { return nil }
            return (parent, session)
        }

        /// Starts `path` in a process group of its own with the given descriptors as its standard input,
        /// output and error; returns its id, or the error number.
        static func spawn(
            path: String, arguments: [UnsafeMutablePointer<CChar>?], environment: [UnsafeMutablePointer<CChar>?],
            stdin: Int32, stdout: Int32, stderr: Int32
        ) -> Result<pid_t, SpawnError> {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
            var pid = pid_t()
            var spawned = posix_spawn(&pid, path, &actions, &attributes, arguments, environment)
            // ETXTBSY: another thread is still closing a copy of the file it just wrote; try again shortly.
            for _ in 0..<20 where spawned == ETXTBSY {
                usleep(10_000)
                spawned = posix_spawn(&pid, path, &actions, &attributes, arguments, environment)
            }
            return spawned == 0 ? .success(pid) : .failure(SpawnError(number: spawned))
        }

        /// Takes a SIGPIPE that a write on this thread raised while it was blocked, so it never reaches track.
        static func discardPendingSignal(_ blocked: inout sigset_t) {
            var noWait = timespec()
            sigtimedwait(&blocked, nil, &noWait)
        }

        private static func readAll(_ descriptor: Int32, limit: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while bytes.count < limit {
                let count = read(descriptor, &buffer, buffer.count)
                if count <= 0 { break }
                bytes.append(contentsOf: buffer[..<count])
            }
            return bytes
        }
    }
#else
    import Darwin

    /// Elsewhere than on Linux track runs no plugin or source program: the supervisor's guarantees (no
    /// process outlives a run) rest on calls only Linux has. Every attempt says so.
    enum ProcessPlatform {
        static let runsPrograms = false
        static func becomeChildSubreaper() -> Bool { false }
        static func otherProcesses() -> [pid_t] { [] }
        static func environment(of pid: pid_t) -> [UInt8]? { nil }
        static func parentAndSession(of pid: pid_t) -> (parent: pid_t, session: pid_t)? { nil }
        static func spawn(
            path: String, arguments: [UnsafeMutablePointer<CChar>?], environment: [UnsafeMutablePointer<CChar>?],
            stdin: Int32, stdout: Int32, stderr: Int32
        ) -> Result<pid_t, SpawnError> { .failure(SpawnError(number: ENOSYS)) }
        static func discardPendingSignal(_ blocked: inout sigset_t) {}
    }
#endif

/// Why a program could not be started: the system's error number.
struct SpawnError: Error {
    let number: Int32
}

extension ProcessPlatform {
    /// What `exec` plugins and sources say on a system where programs cannot run.
    static let unsupportedMessage = "running plugin and source programs needs Linux (the only system track supervises processes on)"
}
