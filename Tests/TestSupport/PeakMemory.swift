import Foundation

extension TrackProcess {
    /// Runs `track arguments` in `directory` as `run` does, and returns with its output the peak
    /// resident memory of that process in bytes: its `VmHWM` (the high-water mark of the process's own
    /// memory, reset when it starts track) read from `/proc/PID/status` every 2 ms while it runs. A
    /// sample can only miss the growth of the last 2 ms before exit. (`wait4`'s `ru_maxrss` would be
    /// exact, but on Linux it keeps the spawning test process's own high-water mark across `exec`.)
    public static func runMeasuringPeakMemory(
        _ arguments: [String], in directory: String, environment extra: [String: String] = [:]
    ) throws -> (output: Output, peakBytes: Int) {
        let child = Self.process(arguments, in: directory, environment: extra)
        let peak = PeakSampler()
        let output = try capture(child) { pid in peak.sample(pid) }
        return (output, peak.bytes)
    }
}

/// The largest `VmHWM` seen in `/proc/PID/status`.
private final class PeakSampler: @unchecked Sendable {
    private(set) var bytes = 0

    func sample(_ pid: Int32) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return }
        bytes = max(bytes, kilobytes * 1024)
    }
}
