/// The colours of chart series: the Okabe–Ito palette, safe for the common colour-vision deficiencies.
///
/// Okabe & Ito (2008), "Color Universal Design". Blue comes first and black last, so that black stays
/// free for highlights (the Pareto frontier) in charts with few series.
enum ChartPalette {
    /// The eight colours as `#RRGGBB`, in the order series use them.
    static let okabeIto: [String] = [
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    ]

    /// The colour of series `index`; colours repeat after eight series.
    static func color(at index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }
}
