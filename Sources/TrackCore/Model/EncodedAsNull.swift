/// An optional that JSON output writes as `null` when absent, instead of leaving the key out,
/// so that every item of a report has the same keys.
@propertyWrapper
public struct EncodedAsNull<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension KeyedEncodingContainer {
    /// Writes the key even when the value is absent.
    public mutating func encode<Value>(_ value: EncodedAsNull<Value>, forKey key: Key) throws {
        try encode(value.wrappedValue, forKey: key)
    }
}

extension Day: Encodable {
    /// A day encodes as `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Deadline: Encodable {
    /// A deadline encodes as written: `2027-Q3`, `2028` or `2027-06-30`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension EncodedAsNull: Equatable where Value: Equatable {}
extension EncodedAsNull: Hashable where Value: Hashable {}
