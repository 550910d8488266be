/// The shape of a data marker; series differ in shape as well as colour, so charts survive greyscale printing.
enum MarkerShape: CaseIterable, Sendable {
    case circle, square, triangle, diamond, triangleDown

    /// The shape of series `index`, cycling through the cases.
    static func at(_ index: Int) -> MarkerShape {
        allCases[((index % allCases.count) + allCases.count) % allCases.count]
    }
}
