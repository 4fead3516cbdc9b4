import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

/// The JSON Schemas: committed copies match the generated ones, and the shipped workspace validates.
@Suite("JSON Schemas of the workspace files")
struct FileSchemaTests {
    static let repositoryRoot = TrackProcess.repositoryRoot

    @Test("the committed schema/ files are the generated ones", arguments: WorkspaceSchemas.files.map(\.name))
    func committedCopies(name: String) throws {
        let schema = try #require(WorkspaceSchemas.files.first { $0.name == name }?.schema)
        let committed = try String(contentsOfFile: Self.repositoryRoot + "/schema/\(name).schema.json", encoding: .utf8)
        #expect(
            committed == schema.jsonSchema(id: "urn:track:schema:\(name)"),
            "regenerate with: swift run track schema \(name) > schema/\(name).schema.json")
    }

    /// Every shipped file with the schema it must satisfy.
    static func shippedFiles() throws -> [(path: String, schema: String)] {
        var files = [("predictions.yaml", "predictions")]
        if FileManager.default.fileExists(atPath: repositoryRoot + "/track.yaml") { files.append(("track.yaml", "settings")) }
        for folder in [("indicators", "indicator"), ("catalog", "catalog")] {
            for name in try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/" + folder.0).sorted()
            where name.hasSuffix(".yaml") {
                files.append(("\(folder.0)/\(name)", folder.1))
            }
        }
        return files
    }

    @Test("the shipped workspace's files validate against the committed schemas")
    func shippedFilesValidate() throws {
        let files = try Self.shippedFiles()
        #expect(files.count >= 10)
        for (path, name) in files {
            let schema = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: Self.repositoryRoot + "/schema/\(name).schema.json")))
            let value = try Self.yamlValue(Self.repositoryRoot + "/" + path)
            let problems = SchemaCheck.problems(value, against: schema, at: path)
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test("the schemas reject what the readers reject: an unknown key, a bad enum value, a probability above 1, a missing field")
    func rejects() throws {
        let schema = try JSONSerialization.jsonObject(with: Data(FileSchema.predictionsFile.jsonSchema(id: "x").utf8))
        let base: [String: Any] = [
            "id": "a", "statement": "s", "source": "src", "made": "2026-01-01", "deadline": "2027-Q3", "criteria": "c",
        ]
        func check(_ change: (inout [String: Any]) -> Void) -> [String] {
            var prediction = base
            change(&prediction)
            return SchemaCheck.problems(["predictions": [prediction]], against: schema, at: "p")
        }
        #expect(check { _ in }.isEmpty)
        #expect(check { $0["deadline"] = 2028 }.isEmpty)
        #expect(!check { $0["colour"] = "red" }.isEmpty)
        #expect(!check { $0["probability"] = 1.5 }.isEmpty)
        #expect(!check { $0["resolution"] = ["outcome": "maybe", "date": "2027-01-01", "source": "s"] }.isEmpty)
        #expect(!check { $0.removeValue(forKey: "criteria") }.isEmpty)
        #expect(!check { $0["id"] = "Not A Slug" }.isEmpty)
        #expect(!check { $0["evaluate"] = ["a": 1, "b": 2] }.isEmpty)
    }

    @Test("the readers accept exactly the fields the schemas declare")
    func readersUseTheDeclarations() throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(SampleFiles.prediction + "\n    colour: red"),
            "track.yaml": "name: x\nshade: 3\n",
        ])
        let messages = fixture.load().diagnostics.map(\.message).joined(separator: "\n")
        #expect(messages.contains("colour"))
        #expect(messages.contains("shade"))
        for field in FileSchema.prediction.names { #expect(!messages.contains("'\(field)'"), "\(field)") }
    }

    // MARK: YAML to JSON values (YAML 1.2 core schema), through the library's parser

    static func yamlValue(_ path: String) throws -> Any {
        let document = try YAMLParser.parse(fileAt: path)
        return try #require(document.root.map(value))
    }

    static func value(_ node: YAMLNode) -> Any {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.coreValue {
            case .null: return NSNull()
            case .bool(let value): return value
            case .int(let value): return value
            case .float(let value): return value
            case .string(let value): return value
            }
        case .sequence(let items): return items.map(value)
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for entry in mapping.entries { object[entry.key] = value(entry.value) }
            return object
        }
    }
}

/// The subset of JSON Schema 2020-12 the generated schemas use, checked independently of the generator.
enum SchemaCheck {
    static func problems(_ value: Any, against schema: Any, at path: String) -> [String] {
        guard let schema = schema as? [String: Any] else { return [] }
        var problems: [String] = []
        if let anyOf = schema["anyOf"] as? [Any], !anyOf.contains(where: { Self.problems(value, against: $0, at: path).isEmpty }) {
            problems.append("\(path): matches none of anyOf")
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as? String ?? ""]
            if !types.contains(where: { matches(value, type: $0) }) { problems.append("\(path): not \(types.joined(separator: " or "))") }
        }
        if let words = schema["enum"] as? [String], !words.contains(value as? String ?? "\u{0}") {
            problems.append("\(path): not one of \(words)")
        }
        if let pattern = schema["pattern"] as? String, let text = value as? String,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            problems.append("\(path): '\(text)' does not match \(pattern)")
        }
        if let number = number(value) {
            if let minimum = schema["minimum"] as? Double, number < minimum { problems.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number > maximum { problems.append("\(path): above \(maximum)") }
            if let minimum = schema["exclusiveMinimum"] as? Double, number <= minimum { problems.append("\(path): not above \(minimum)") }
        }
        if let items = schema["items"], let array = value as? [Any] {
            for (index, item) in array.enumerated() { problems += Self.problems(item, against: items, at: "\(path)[\(index)]") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path): missing \(key)") }
            if let minimum = schema["minProperties"] as? Int, object.count < minimum {
                problems.append("\(path): fewer than \(minimum) keys")
            }
            if let maximum = schema["maxProperties"] as? Int, object.count > maximum {
                problems.append("\(path): more than \(maximum) keys")
            }
            for (key, item) in object {
                if let names = schema["propertyNames"] { problems += Self.problems(key, against: names, at: "\(path).\(key) (name)") }
                if let property = properties[key] {
                    problems += Self.problems(item, against: property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if (additional as? Bool) == false {
                        problems.append("\(path): unknown key \(key)")
                    } else {
                        problems += Self.problems(item, against: additional, at: "\(path).\(key)")
                    }
                }
            }
        }
        return problems
    }

    static func number(_ value: Any) -> Double? {
        if value is Bool { return nil }
        if let value = value as? Int { return Double(value) }
        return value as? Double
    }

    static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "string": value is String
        case "integer": !(value is Bool) && value is Int
        case "number": number(value) != nil
        case "array": value is [Any]
        case "object": value is [String: Any]
        case "boolean": value is Bool
        default: false
        }
    }
}
