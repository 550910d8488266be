/// Collects SVG elements and writes the standalone document.
///
/// Every number goes through ``FixedDecimal/coordinate(_:)`` and every text through
/// ``XMLText/escape(_:)``, so the output is deterministic, valid XML and free of `nan`.
struct SVGCanvas {
    /// The drawing's width in pixels.
    let width: Double
    /// The drawing's height in pixels.
    let height: Double
    private var elements: [String] = []

    /// An empty drawing of the given size.
    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The fonts charts ask for: local families only, never a download.
    static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

    /// Text widths are estimated, not measured: an average glyph is about 0.6 em in these fonts.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    /// `text` cut to `limit` characters with an ellipsis.
    static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 1))) + "…"
    }

    private static func number(_ value: Double) -> String { FixedDecimal.coordinate(value) }

    private mutating func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
        let attributeText = attributes.map { " \($0.0)=\"\(XMLText.escape($0.1))\"" }.joined()
        if let content {
            elements.append("<\(name)\(attributeText)>\(XMLText.escape(content))</\(name)>")
        } else {
            elements.append("<\(name)\(attributeText)/>")
        }
    }

    /// A straight line.
    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil,
        opacity: Double = 1
    ) {
        var attributes = [
            ("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
            ("stroke", stroke), ("stroke-width", Self.number(width)),
        ]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        if opacity < 1 { attributes.append(("stroke-opacity", Self.number(opacity))) }
        element("line", attributes)
    }

    /// A rectangle; `stroke` nil means no outline.
    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil, opacity: Double = 1
    ) {
        var attributes = [
            ("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(max(width, 0))),
            ("height", Self.number(max(height, 0))), ("fill", fill),
        ]
        if opacity < 1 { attributes.append(("fill-opacity", Self.number(opacity))) }
        if let stroke { attributes += [("stroke", stroke), ("stroke-width", "1")] }
        element("rect", attributes)
    }

    /// A circle outline or disc.
    mutating func circle(x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil, strokeWidth: Double = 1) {
        var attributes = [("cx", Self.number(x)), ("cy", Self.number(y)), ("r", Self.number(radius)), ("fill", fill)]
        if let stroke { attributes += [("stroke", stroke), ("stroke-width", Self.number(strokeWidth))] }
        element("circle", attributes)
    }

    /// A closed filled shape.
    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double = 1, stroke: String? = nil) {
        guard points.count >= 3 else { return }
        var attributes = [("points", Self.pointList(points)), ("fill", fill)]
        if opacity < 1 { attributes.append(("fill-opacity", Self.number(opacity))) }
        if let stroke { attributes += [("stroke", stroke), ("stroke-width", "1")] }
        element("polygon", attributes)
    }

    /// An open line through `points`.
    mutating func polyline(
        _ points: [(Double, Double)], stroke: String, width: Double, dash: String? = nil, opacity: Double = 1
    ) {
        guard points.count >= 2 else { return }
        var attributes = [
            ("points", Self.pointList(points)), ("fill", "none"), ("stroke", stroke), ("stroke-width", Self.number(width)),
            ("stroke-linejoin", "round"), ("stroke-linecap", "round"),
        ]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        if opacity < 1 { attributes.append(("stroke-opacity", Self.number(opacity))) }
        element("polyline", attributes)
    }

    /// Text whose anchor is `x` (start, middle or end) and whose baseline is `y`, optionally rotated
    /// by `rotation` degrees about its anchor.
    mutating func text(
        _ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start", weight: String? = nil,
        fill: String = "#222222", rotation: Double = 0
    ) {
        var attributes = [
            ("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)), ("text-anchor", anchor),
            ("fill", fill),
        ]
        if let weight { attributes.append(("font-weight", weight)) }
        if rotation != 0 {
            attributes.append(("transform", "rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))"))
        }
        element("text", attributes, content: content)
    }

    /// A shape centred on a point, drawn for a data marker.
    mutating func marker(_ shape: MarkerShape, x: Double, y: Double, size: Double, fill: String) {
        let r = size
        let outline: [(Double, Double)]
        switch shape {
        case .circle:
            circle(x: x, y: y, radius: r, fill: fill, stroke: "#FFFFFF", strokeWidth: 1)
            return
        case .square:
            outline = [(x - r * 0.9, y - r * 0.9), (x + r * 0.9, y - r * 0.9), (x + r * 0.9, y + r * 0.9), (x - r * 0.9, y + r * 0.9)]
        case .triangle: outline = [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
        case .diamond: outline = [(x, y - r * 1.25), (x + r * 1.1, y), (x, y + r * 1.25), (x - r * 1.1, y)]
        case .triangleDown: outline = [(x, y + r * 1.2), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)]
        }
        polygon(outline, fill: fill, stroke: "#FFFFFF")
    }

    private static func pointList(_ points: [(Double, Double)]) -> String {
        points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
    }

    /// The standalone document: an `<svg>` root with a `<title>` for screen readers.
    func document(title: String) -> String {
        let w = Self.number(width)
        let h = Self.number(height)
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
                + "font-family=\"\(Self.fontFamily)\" role=\"img\">",
            "<title>\(XMLText.escape(title))</title>",
            "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#FFFFFF\"/>",
        ]
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}
