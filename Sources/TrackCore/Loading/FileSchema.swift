import Foundation

/// The fields of a workspace's YAML mappings, declared once: the readers take their field names from
/// here, and `track schema` turns the same declarations into JSON Schema (draft 2020-12) for editors.
public struct FileSchema: Sendable {
    /// What a field holds.
    public indirect enum Kind: Sendable {
        case string
        /// Lower-case letters, digits, `-`, `.`, `_`, starting with a letter or digit.
        case slug
        /// `YYYY-MM-DD`.
        case date
        /// `YYYY-MM-DD`, `YYYY-Qn` or `YYYY`.
        case deadline
        /// A number from 0 to 1.
        case probability
        case number
        case positiveNumber
        case integer
        case boolean
        case positiveInteger
        /// One of these words.
        case oneOf([String])
        /// A number or one of an indicator's states.
        case numberOrString
        case list(Kind)
        /// One value, or a list of them.
        case oneOrList(Kind)
        /// Any YAML value (a plugin's own parameters).
        case any
        /// Exactly two values: `[low, high]`.
        case pair(Kind)
        case object(FileSchema)
        /// A mapping with exactly one key (a plugin's name) and any value.
        case plugin
        /// A mapping of the given keys to values of one kind.
        case mapOf(keys: [String], value: Kind)
    }

    public struct Field: Sendable {
        public var name: String
        public var kind: Kind
        public var required: Bool
        public var description: String

        public init(_ name: String, _ kind: Kind, required: Bool = false, _ description: String) {
            self.name = name
            self.kind = kind
            self.required = required
            self.description = description
        }
    }

    public var title: String
    public var fields: [Field]

    public init(_ title: String, _ fields: [Field]) {
        self.title = title
        self.fields = fields
    }

    /// The field names, in order: what the reader accepts.
    public var names: [String] { fields.map(\.name) }

    // MARK: The workspace's files

    public static let source = FileSchema(
        "source",
        [
            Field("id", .slug, required: true, "The source's id, which forecasts name in 'source'."),
            Field("title", .string, required: true, "The article's or report's title."),
            Field("publisher", .string, "Who published it."),
            Field("published", .date, "The day it was published."),
            Field("url", .string, "Where to read it."),
        ])

    public static let resolution = FileSchema(
        "resolution",
        [
            Field("outcome", .oneOf(Resolution.Outcome.allCases.map(\.rawValue)), required: true, "How the forecast turned out."),
            Field("date", .date, required: true, "The day it resolved."),
            Field("source", .string, required: true, "Where the outcome is documented."),
            Field("note", .string, "A note."),
        ])

    public static let prediction = FileSchema(
        "prediction",
        [
            Field("id", .slug, required: true, "A unique slug (v4-sota-reasoning)."),
            Field("statement", .string, required: true, "What is claimed."),
            Field("source", .slug, required: true, "The id of a source in 'sources'."),
            Field("made", .date, required: true, "The day the forecast was made."),
            Field("deadline", .deadline, required: true, "A date, a quarter (2027-Q3, its last day) or a year (2028, its last day)."),
            Field("probability", .probability, "The forecaster's stated probability, 0 to 1."),
            Field("criteria", .string, required: true, "How the forecast resolves, in words."),
            Field("tags", .list(.string), "Tags for filtering and grouping."),
            Field("evaluate", .plugin, "The evaluator: one key naming the plugin (track plugins lists them), its parameters as the value."),
            Field("resolution", .object(resolution), "Written by track resolve."),
            Field("notes", .string, "Notes, for example where priors come from."),
            Field("said", .list(.object(forecasterEntry)), "Forecasters' probabilities over time; track say appends one."),
            Field("crowd", .slug, "The indicator holding the crowd's probability for the same question (a market, a community forecast)."),
        ])

    public static let predictionsFile = FileSchema(
        "predictions.yaml",
        [
            Field("sources", .list(.object(source)), "Where the forecasts come from."),
            Field("predictions", .list(.object(prediction)), required: true, "The forecasts."),
        ])

    public static let observation = FileSchema(
        "observation",
        [
            Field("date", .date, required: true, "The day the value holds for."),
            Field("subject", .string, "What the value is about, for series with several subjects (a model, a company)."),
            Field("value", .numberOrString, required: true, "A number, or one of the indicator's states."),
            Field("source", .string, required: true, "Where the value comes from: a URL or a citation."),
            Field("note", .string, "A note."),
        ])

    /// An indicator file, its `update:` as the reader sees it (the sources declare their own parameters).
    public static let indicator = indicator(update: update)

    /// An indicator file whose `update:` is described by `update` (the sources' parameters, for `track schema`).
    public static func indicator(update: FileSchema) -> FileSchema {
        FileSchema(
            "indicator",
            [
                Field("id", .slug, "The indicator's id; its file's name when left out."),
                Field("name", .string, required: true, "What the series measures."),
                Field("unit", .string, "The values' unit (usd_per_mtok, percent, flop)."),
                Field("kind", .oneOf(Indicator.Kind.allCases.map(\.rawValue)), "numeric (the default) or state."),
                Field("better", .oneOf(Indicator.Direction.allCases.map(\.rawValue)), "Which way is progress, for a numeric series."),
                Field("states", .list(.string), "The states of a state series, in order."),
                Field("description", .string, "A description."),
                Field("range", .pair(.number), "The values' possible range, [low, high] (for example [0, 100] for a percentage)."),
                Field(
                    "resolution", .positiveNumber,
                    "The step values are reported in (0.1 for a score to one decimal); a target at a bound counts as reached within half of it."
                ),
                Field("stale-after-days", .positiveInteger, "Days without an observation after which the series is stale."),
                Field("subjects", .list(.string), "The subjects the series may have; an observation naming another is an error."),
                Field("update", .object(update), "Where new values come from: track update runs this source and adds what it answers."),
                Field("observations", .list(.object(observation)), required: true, "Dated, sourced values."),
            ])
    }

    /// An indicator's `update:`: the source it names. Each source checks its own parameters.
    public static let update = FileSchema(
        "update",
        [
            Field("source", .string, required: true, "The source that track update runs.")
        ])

    public static let statusThresholds = FileSchema(
        "status-thresholds",
        [
            Field("on-track", .probability, "A pending forecast is on-track from this probability (default 0.6)."),
            Field("at-risk", .probability, "A pending forecast is at-risk from this probability, behind below (default 0.3)."),
        ])

    public static let settings = FileSchema(
        "track.yaml",
        [
            Field("name", .string, "The workspace's name, the title of reports."),
            Field("stale-after-days", .positiveInteger, "Days without an observation after which an indicator is stale (default 180)."),
            Field("status-thresholds", .object(statusThresholds), "Probabilities at which a pending forecast is on-track or at-risk."),
            Field("history", .string, "The history database's path (default .track/history.sqlite)."),
            Field("alert-probability-change", .probability, "track evaluate reports probability moves at least this large (default 0.1)."),
            Field(
                "probability-bounds", .pair(.probability), "The range a pending probability is kept in, [low, high] (default [0.01, 0.99])."
            ),
            Field("forecasters", .list(.slug), "The forecasters whose probabilities forecasts record under 'said'."),
            Field("default-forecaster", .slug, "Who a forecast's stated 'probability' is by (default: stated); one of 'forecasters'."),
        ])

    // MARK: JSON Schema

    /// The JSON Schema (draft 2020-12) of a file, as sorted, pretty-printed JSON.
    public func jsonSchema(id: String) -> String {
        var document = objectSchema()
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        document["$id"] = id
        document["title"] = title
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func objectSchema() -> [String: Any] {
        var properties: [String: Any] = [:]
        for field in fields {
            var property = Self.schema(of: field.kind)
            property["description"] = field.description
            properties[field.name] = property
        }
        var object: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        let required = fields.filter(\.required).map(\.name)
        if !required.isEmpty { object["required"] = required }
        return object
    }

    private static func schema(of kind: Kind) -> [String: Any] {
        switch kind {
        case .string: return ["type": "string"]
        case .slug: return ["type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"]
        case .date: return ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]
        case .deadline:
            return [
                "anyOf": [
                    ["type": "string", "pattern": "^[0-9]{4}(-Q[1-4]|-[0-9]{2}-[0-9]{2})?$"],
                    ["type": "integer", "minimum": 1000, "maximum": 9999],
                ]
            ]
        case .probability: return ["type": "number", "minimum": 0, "maximum": 1]
        case .number: return ["type": "number"]
        case .positiveNumber: return ["type": "number", "exclusiveMinimum": 0]
        case .integer: return ["type": "integer"]
        case .positiveInteger: return ["type": "integer", "minimum": 1]
        case .oneOf(let words): return ["type": "string", "enum": words]
        case .numberOrString: return ["type": ["number", "string"]]
        case .list(let item): return ["type": "array", "items": schema(of: item)]
        case .oneOrList(let item): return ["anyOf": [schema(of: item), ["type": "array", "items": schema(of: item)]]]
        case .boolean: return ["type": "boolean"]
        case .any: return [:]
        case .pair(let item): return ["type": "array", "items": schema(of: item), "minItems": 2, "maxItems": 2]
        case .object(let schema): return schema.objectSchema()
        case .plugin: return ["type": "object", "minProperties": 1, "maxProperties": 1]
        case .mapOf(let keys, let value):
            return ["type": "object", "propertyNames": ["enum": keys], "additionalProperties": schema(of: value), "minProperties": 1]
        }
    }
}
