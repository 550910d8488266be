import Foundation

/// How numbers are written: exact and round-trippable in files, rounded for people.
public enum NumberText {
    /// For CSV: the shortest text that reads back to the same double; whole numbers without `.0`;
    /// `NA` for NaN (read as missing by pandas and R).
    public static func csv(_ value: Double) -> String {
        if value.isNaN { return "NA" }
        if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Reads back what ``csv(_:)`` wrote (`NA` as NaN).
    public static func parse(_ text: String) -> Double {
        switch text {
        case "NA": .nan
        case "Inf": .infinity
        case "-Inf": -.infinity
        default: Double(text) ?? .nan
        }
    }

    /// For tables: four significant decimals for small values, fewer for large.
    public static func human(_ value: Double) -> String {
        if value.isNaN { return "–" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        if magnitude >= 1000 { return String(format: "%.0f", value) }
        if magnitude >= 10 { return String(format: "%.2f", value) }
        return String(format: "%.4f", value)
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
