import TrackCore
import TrackEngine

/// An accelerator (GPU) in the workspace's catalog: peak speeds, memory, links, power and price.
public struct Accelerator: Sendable, Identifiable {
    /// Numeric precisions with a peak speed.
    public enum Precision: String, Sendable, Hashable, CaseIterable {
        case fp32, tf32, bf16, fp16, fp8, fp4

        /// Bytes per value.
        public var bytes: Double {
            switch self {
            case .fp32, .tf32: 4
            case .bf16, .fp16: 2
            case .fp8: 1
            case .fp4: 0.5
            }
        }
    }

    public var id: String
    public var name: String
    /// Dense peak FLOP/s (not TFLOP/s) per precision.
    public var peakFLOPS: [Precision: Double]
    public var memoryBytes: Double
    public var memoryBandwidthBytesPerSecond: Double
    /// Bandwidth per GPU within a scale-up domain (NVLink), bytes per second in each direction
    /// (half the "total" NVLink figure NVIDIA quotes: H100 900 GB/s total is 450 GB/s one way).
    public var scaleUpBytesPerSecond: Double
    /// Bandwidth per GPU between domains (InfiniBand), bytes per second in each direction (400 Gb/s: 50 GB/s).
    public var scaleOutBytesPerSecond: Double
    /// GPUs in one scale-up (NVLink) domain: 8 in an HGX node, 72 in a GB200 NVL72 rack.
    public var gpusPerNode: Int
    public var boardPowerWatts: Double
    public var pricePerHourUSD: Double?
    public var source: String
    public var mark: SourceMark

    /// Peak FLOP/s at `precision`, falling back to the nearest wider precision the chip has.
    public func peak(_ precision: Precision) -> Double? {
        if let value = peakFLOPS[precision] { return value }
        switch precision {
        case .fp4: return peak(.fp8)
        case .fp8: return peak(.bf16)
        case .fp16: return peakFLOPS[.bf16]
        case .bf16: return peakFLOPS[.fp16]
        case .tf32, .fp32: return peakFLOPS[.fp32]
        }
    }
}
