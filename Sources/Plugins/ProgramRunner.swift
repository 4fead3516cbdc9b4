import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program with bytes on standard input and returns its standard output, within a time
/// limit. The program runs in a process group of its own, so that on timeout the whole group
/// (a shell script and the commands it started) is stopped.
struct ProgramRunner {
    let executable: URL
    let timeout: Double
    /// Output beyond this is an error, not a memory problem.
    static let maximumOutputBytes = 4 << 20

    func run(input: Data) throws -> Data {
        let name = executable.lastPathComponent
        let (stdinRead, stdinWrite) = try Self.makePipe()
        let (stdoutRead, stdoutWrite) = try Self.makePipe()
        let (stderrRead, stderrWrite) = try Self.makePipe()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinRead, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutWrite, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrWrite, 2)
        for descriptor in [stdinRead, stdinWrite, stdoutRead, stdoutWrite, stderrRead, stderrWrite] {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var pid = pid_t()
        let path = executable.path
        let arguments = [strdup(path), nil]
        defer { free(arguments[0]) }
        // ETXTBSY: another thread is still closing a copy of the file it just wrote; try again shortly.
        var spawned = posix_spawn(&pid, path, &actions, &attributes, arguments, environ)
        for _ in 0..<20 where spawned == ETXTBSY {
            usleep(10_000)
            spawned = posix_spawn(&pid, path, &actions, &attributes, arguments, environ)
        }
        for descriptor in [stdinRead, stdoutWrite, stderrWrite] { close(descriptor) }
        guard spawned == 0 else {
            for descriptor in [stdinWrite, stdoutRead, stderrRead] { close(descriptor) }
            throw ExecError("cannot run \(name): \(String(cString: strerror(spawned)))")
        }

        // Write the input and read both outputs on their own threads, so that no pipe fills up and blocks.
        let group = DispatchGroup()
        let output = Collected(), errors = Collected()
        Self.background(group) { Self.writeAll(input, to: stdinWrite) }
        Self.background(group) { output.bytes = Self.readAll(stdoutRead) }
        Self.background(group) { errors.bytes = Self.readAll(stderrRead) }

        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var finished = false
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                finished = true
                break
            }
            usleep(5_000)
        }
        if !finished {
            kill(-pid, SIGKILL)
            waitpid(pid, &status, 0)
            group.wait()
            throw ExecError("\(name) did not answer within \(timeout.formatted) s and was stopped")
        }
        kill(-pid, SIGKILL)  // anything the program left running in its group
        group.wait()
        let signal = status & 0x7f
        if signal != 0 {
            throw ExecError("\(name) crashed (signal \(signal))\(Self.lastLine(errors.bytes))")
        }
        let exitCode = (status >> 8) & 0xff
        guard exitCode == 0 else {
            throw ExecError("\(name) exited with status \(exitCode)\(Self.lastLine(errors.bytes))")
        }
        guard output.bytes.count <= Self.maximumOutputBytes else {
            throw ExecError("\(name) printed more than \(Self.maximumOutputBytes) bytes")
        }
        return output.bytes
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        // Close-on-exec, so that a program started at the same time by another thread does not inherit them.
        guard pipe(&descriptors) == 0 else { throw ExecError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    private static func background(_ group: DispatchGroup, _ work: @escaping @Sendable () -> Void) {
        group.enter()
        Thread.detachNewThread {
            work()
            group.leave()
        }
    }

    /// Writes everything, or stops when the program closes its input; closes the descriptor.
    private static func writeAll(_ data: Data, to descriptor: Int32) {
        defer { close(descriptor) }
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = send(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// `write(2)` without SIGPIPE killing track when the program exits without reading its input:
    /// the signal is blocked on this thread and, if the write raised it, taken before unblocking.
    private static func send(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let written = write(descriptor, bytes, count)
        if written < 0, errno == EPIPE {
            var noWait = timespec()
            sigtimedwait(&blocked, nil, &noWait)
        }
        return written
    }

    /// Reads to the end, keeping a little past the output limit and draining the rest so that the
    /// program is never blocked on a full pipe; closes the descriptor.
    private static func readAll(_ descriptor: Int32) -> Data {
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            if data.count <= maximumOutputBytes { data.append(buffer, count: count) }
        }
        return data
    }

    /// ": <the last line the program printed on standard error>", or nothing.
    private static func lastLine(_ errors: Data) -> String {
        let line = String(decoding: errors, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        return line.isEmpty ? "" : ": \(line.prefix(300))"
    }
}

/// Bytes filled in by a reading thread and read after it has finished (the DispatchGroup orders the two).
private final class Collected: @unchecked Sendable {
    var bytes = Data()
}
