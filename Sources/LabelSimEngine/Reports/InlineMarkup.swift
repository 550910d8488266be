/// The inline markup paragraphs allow: `**bold**` and `` `code` ``, nothing else.
///
/// An opening marker without a closing one is plain text, so arbitrary input never fails.
enum InlineMarkup: Equatable {
    /// Plain text.
    case text(String)
    /// Text between `**` markers.
    case bold(String)
    /// Text between backticks, taken literally.
    case code(String)

    /// Splits `source` into spans.
    static func parse(_ source: String) -> [InlineMarkup] {
        let characters = Array(source)
        var spans: [InlineMarkup] = []
        var plain = ""
        var index = 0
        func flush() {
            if !plain.isEmpty { spans.append(.text(plain)) }
            plain = ""
        }
        func find(_ marker: [Character], from start: Int) -> Int? {
            guard characters.count >= marker.count else { return nil }
            var position = start
            while position + marker.count <= characters.count {
                if Array(characters[position..<position + marker.count]) == marker { return position }
                position += 1
            }
            return nil
        }
        while index < characters.count {
            if characters[index] == "`", let end = find(["`"], from: index + 1), end > index + 1 {
                flush()
                spans.append(.code(String(characters[index + 1..<end])))
                index = end + 1
            } else if characters[index] == "*", index + 1 < characters.count, characters[index + 1] == "*",
                let end = find(["*", "*"], from: index + 2), end > index + 2
            {
                flush()
                spans.append(.bold(String(characters[index + 2..<end])))
                index = end + 2
            } else {
                plain.append(characters[index])
                index += 1
            }
        }
        flush()
        return spans
    }
}
