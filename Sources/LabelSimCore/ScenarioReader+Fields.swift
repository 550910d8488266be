extension ScenarioReader {
    /// The known keys of one mapping; every lookup is recorded in the reader, so that a test can
    /// check that the parser reads only keys ``ScenarioSchema`` declares.
    struct Fields: ExpressibleByDictionaryLiteral {
        var values: [String: ConfigNode] = [:]
        let reader: ScenarioReader?
        let path: String

        init(reader: ScenarioReader, path: String) {
            self.reader = reader
            self.path = path
        }

        /// An empty mapping (an absent section).
        init(dictionaryLiteral elements: (String, ConfigNode)...) {
            values = Dictionary(elements, uniquingKeysWith: { first, _ in first })
            reader = nil
            path = ""
        }

        subscript(key: String) -> ConfigNode? {
            reader?.recordLookup(path, key)
            return values[key]
        }
    }
}
