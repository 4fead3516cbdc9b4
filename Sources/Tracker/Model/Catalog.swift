/// The workspace's catalog of accelerators and model architectures (catalog/*.yaml).
public struct Catalog: Sendable {
    public var accelerators: [Accelerator] = []
    public var models: [ModelArchitecture] = []

    public init(accelerators: [Accelerator] = [], models: [ModelArchitecture] = []) {
        self.accelerators = accelerators
        self.models = models
    }

    public func accelerator(_ id: String) -> Accelerator? { accelerators.first { $0.id == id } }
    public func model(_ id: String) -> ModelArchitecture? { models.first { $0.id == id } }
}
