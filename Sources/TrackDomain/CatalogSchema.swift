import TrackCore
import TrackEngine

/// The fields of catalog/*.yaml, for `track schema catalog`: the accelerators and model
/// architectures the model plugins read (see CatalogReader).
public enum CatalogSchema {
    public static let accelerator = FileSchema(
        "accelerator",
        [
            FileSchema.Field("id", .slug, required: true, "The accelerator's id (h100-sxm)."),
            FileSchema.Field("name", .string, required: true, "Its name."),
            FileSchema.Field(
                "peak-tflops", .mapOf(keys: Accelerator.Precision.allCases.map(\.rawValue), value: .positiveNumber), required: true,
                "Dense peak TFLOP/s per precision."),
            FileSchema.Field(
                "memory-gb", .positiveNumber, required: true,
                "Memory as the datasheet gives it, GB (read as GiB: HBM comes in binary sizes)."),
            FileSchema.Field("memory-bandwidth-tbps", .positiveNumber, required: true, "Memory bandwidth, TB/s."),
            FileSchema.Field("scale-up-gbps", .positiveNumber, required: true, "Scale-up (NVLink) bandwidth per GPU, GB/s."),
            FileSchema.Field("scale-out-gbps", .positiveNumber, required: true, "Scale-out (network) bandwidth per GPU, GB/s."),
            FileSchema.Field("gpus-per-node", .positiveInteger, "GPUs per node (default 8)."),
            FileSchema.Field("power-watts", .positiveNumber, required: true, "Board power, W."),
            FileSchema.Field("price-per-hour-usd", .positiveNumber, "Rental price per GPU-hour, USD."),
            FileSchema.Field("source", .string, required: true, "Where the figures come from."),
            FileSchema.Field("note", .string, "A note."),
        ])

    public static let attention = FileSchema(
        "attention",
        [
            FileSchema.Field(
                "type", .oneOf(["mha", "gqa", "mla"]), required: true, "Multi-head, grouped-query or multi-head latent attention."),
            FileSchema.Field("head-dim", .positiveInteger, "Head dimension (mha, gqa)."),
            FileSchema.Field("kv-heads", .positiveInteger, "Key-value heads (gqa)."),
            FileSchema.Field("kv-lora-rank", .positiveInteger, "Compressed KV rank (mla)."),
            FileSchema.Field("q-lora-rank", .positiveInteger, "Compressed query rank (mla)."),
            FileSchema.Field("rope-head-dim", .positiveInteger, "Rotary part of a head (mla)."),
            FileSchema.Field("nope-head-dim", .positiveInteger, "Non-rotary part of a head (mla)."),
            FileSchema.Field("v-head-dim", .positiveInteger, "Value head dimension (mla)."),
        ])

    public static let model = FileSchema(
        "model",
        [
            FileSchema.Field("id", .slug, required: true, "The model's id."),
            FileSchema.Field("name", .string, required: true, "Its name."),
            FileSchema.Field("layers", .positiveInteger, required: true, "Transformer layers."),
            FileSchema.Field("dense-layers", .integer, "Layers with a dense FFN in a Mixture-of-Experts model."),
            FileSchema.Field("d-model", .positiveInteger, required: true, "Hidden size."),
            FileSchema.Field("heads", .positiveInteger, required: true, "Attention heads."),
            FileSchema.Field("attention", .object(attention), required: true, "The attention design."),
            FileSchema.Field("routed-experts", .integer, "Routed experts per MoE layer."),
            FileSchema.Field("shared-experts", .integer, "Shared experts per MoE layer."),
            FileSchema.Field("experts-per-token", .integer, "Routed experts each token uses."),
            FileSchema.Field("expert-ffn", .integer, "An expert's FFN width."),
            FileSchema.Field("dense-ffn", .positiveInteger, required: true, "The dense FFN width."),
            FileSchema.Field("ffn-matrices", .integer, "3 for gated FFNs (SwiGLU), 2 for a plain MLP."),
            FileSchema.Field("vocabulary", .positiveInteger, required: true, "Vocabulary size."),
            FileSchema.Field(
                "weight-precision", .oneOf(Accelerator.Precision.allCases.map(\.rawValue)),
                "Precision of the served weights (default bf16)."),
            FileSchema.Field("total-parameters", .positiveNumber, "Published total parameters, checked against the architecture."),
            FileSchema.Field(
                "active-parameters", .positiveNumber, "Published active parameters per token, checked against the architecture."),
            FileSchema.Field("training-tokens", .positiveNumber, "Training tokens."),
            FileSchema.Field("routed-node-limit", .positiveInteger, "Nodes a token's routed experts may span (node-limited routing)."),
            FileSchema.Field("source", .string, required: true, "Where the figures come from."),
            FileSchema.Field("note", .string, "A note."),
        ])

    /// A catalog/*.yaml file.
    public static let file = FileSchema(
        "catalog file",
        [
            FileSchema.Field("accelerators", .list(.object(accelerator)), "GPUs and other accelerators."),
            FileSchema.Field("models", .list(.object(model)), "Model architectures."),
        ])

}
