import Foundation

/// How unevenly routed tokens land on the GPUs of an expert-parallel group: the busiest GPU's share over the
/// mean, which sets the expert GEMMs and the all-to-all of every MoE layer (the others wait for it).
///
/// From one published measurement, TensorRT-LLM's "Scaling Expert Parallelism in TensorRT-LLM (Part 1)"
/// (docs/source/blogs/tech_blog/blog4_Scaling_Expert_Parallelism_in_TensorRT-LLM.md, Table 1): DeepSeek-R1 on 32
/// GB200 GPUs, 8 experts per GPU, the busiest rank gets 1.564 times more routed tokens than the mean without
/// redundant experts, and 0.109-0.115 times more with EPLB's redundant experts. The same table gives the spread by
/// expert (standard deviation 164.1 on a mean of 128) and by rank (491.6 on 1,024): 1.28 / 0.48 = 2.7, close to
/// the square root of the 8 experts summed per rank (2.8), as for independent loads. So the excess scales with
/// the square root of 8 over the experts each GPU holds.
public enum ExpertLoadImbalance {
    /// The busiest rank's excess over the mean, without redundant experts, at `measuredExpertsPerGPU`.
    public static let unbalancedExcess = 1.564
    public static let measuredExpertsPerGPU = 8.0
    /// The same with redundant experts placed by a load balancer (EPLB).
    public static let balancedExcess = 0.115
    /// Deployments beyond this many expert-parallel GPUs ("large-scale EP", as the same blog defines it) run a
    /// load balancer by default: DeepSeek's, SGLang's and TensorRT-LLM's large-scale recipes all do.
    public static let largeScaleGPUs = 8

    /// The busiest GPU's routed tokens over the mean, for `experts` spread over `gpus`.
    public static func busiestOverMean(experts: Int, gpus: Int, balanced: Bool) -> Double {
        guard gpus > 1, experts > 0 else { return 1 }
        if balanced { return 1 + balancedExcess }
        let perGPU = max(1, Double(experts) / Double(gpus))
        return 1 + unbalancedExcess * (measuredExpertsPerGPU / perGPU).squareRoot()
    }
}
