/// A rectangle of text on a chart, used to keep point labels from covering each other.
struct LabelBox {
    /// The left edge.
    var left: Double
    /// The top edge.
    var top: Double
    /// The right edge.
    var right: Double
    /// The bottom edge.
    var bottom: Double

    /// Whether the two rectangles overlap.
    func overlaps(_ other: LabelBox) -> Bool {
        left < other.right && other.left < right && top < other.bottom && other.top < bottom
    }

    /// Whether `other` lies wholly inside this rectangle.
    func contains(_ other: LabelBox) -> Bool {
        other.left >= left && other.right <= right && other.top >= top && other.bottom <= bottom
    }

    /// The box for `text` next to `point`: the first of right, left, above, below, and the four
    /// diagonals that stays `within` and clear of `avoiding`; right of the point when none does.
    static func best(
        for text: String, at point: (x: Double, y: Double), size: Double, avoiding: [LabelBox], within bounds: LabelBox
    ) -> LabelBox {
        let width = SVGCanvas.textWidth(text, size: size)
        let height = size + 3
        let gap = 11.0
        let candidates = [
            (point.x + gap, point.y - height / 2), (point.x - gap - width, point.y - height / 2),
            (point.x - width / 2, point.y - gap - height), (point.x - width / 2, point.y + gap),
            (point.x + gap, point.y - gap - height), (point.x - gap - width, point.y - gap - height),
            (point.x + gap, point.y + gap), (point.x - gap - width, point.y + gap),
        ].map { LabelBox(left: $0.0, top: $0.1, right: $0.0 + width, bottom: $0.1 + height) }
        let free = candidates.first { box in bounds.contains(box) && !avoiding.contains { $0.overlaps(box) } }
        return free ?? candidates.first { bounds.contains($0) } ?? candidates[0]
    }
}
