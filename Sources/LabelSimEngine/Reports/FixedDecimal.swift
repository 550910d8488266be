import Foundation

/// Writes numbers with a fixed count of decimals, independent of the locale.
///
/// Works on integers so the output never holds a decimal comma, `nan` or `inf`: charts must be the
/// same bytes on every machine.
enum FixedDecimal {
    /// `value` with exactly `decimals` digits after the point, rounded half away from zero; `0` for
    /// a non-finite value.
    static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        let places = min(max(decimals, 0), 12)
        let scaled = (abs(value) * pow(10, Double(places))).rounded()
        guard scaled < 9e18 else { return value < 0 ? "-\(abs(value).rounded())" : "\(value.rounded())" }
        let units = UInt64(scaled)
        var digits = String(units)
        if places > 0 {
            if digits.count <= places {
                digits = String(repeating: "0", count: places - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return (value < 0 && units != 0 ? "-" : "") + digits
    }

    /// A coordinate for SVG: two decimals with trailing zeros dropped.
    static func coordinate(_ value: Double) -> String {
        var text = format(value, decimals: 2)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
