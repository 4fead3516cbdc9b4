import Foundation
import TestSupport
import Testing
import TrackCalibration
import TrackCore
import TrackDomain
import TrackEngine
import TrackEvaluators
import TrackExec
import Tracker

@Suite("The catalog's JSON Schema")
struct CatalogSchemaTests {
    @Test("every field the schema declares for a model, an accelerator and the attention is one the reader reads")
    func declaredFieldsAreRead() throws {
        func diagnostics(_ yaml: String) throws -> [String] {
            let document = try YAMLParser.parse(Array(yaml.utf8), file: "catalog.yaml")
            return Catalog.read([try #require(document.root)]).diagnostics.map(\.message)
        }
        // Nonsense values: only whether each name is known is checked.
        let model = CatalogSchema.model.names.filter { $0 != "attention" }.map { "    \($0): 1" }.joined(separator: "\n")
        let accelerator = CatalogSchema.accelerator.names.map { "    \($0): 1" }.joined(separator: "\n")
        let attention = CatalogSchema.attention.names.map { "\($0): 1" }.joined(separator: ", ")
        let messages = try diagnostics("models:\n  - attention: {\(attention)}\n\(model)\naccelerators:\n  - \(accelerator.dropFirst(4))\n")
        #expect(!messages.isEmpty)
        #expect(!messages.contains { $0.contains("unknown field") }, "\(messages)")
        #expect(try diagnostics("models:\n  - colour: 1\n").contains { $0.contains("unknown field 'colour'") })
    }
}
