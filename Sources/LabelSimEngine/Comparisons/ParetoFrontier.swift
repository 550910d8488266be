/// The cost–quality Pareto rule shared by runs, comparisons and sweeps.
enum ParetoFrontier {
    /// Whether each point is Pareto-optimal: no other point costs at most as much and is at least
    /// as good, and is strictly better in one of the two.
    static func optimal(_ points: [(cost: Double, quality: Double)]) -> [Bool] {
        points.indices.map { index in
            let point = points[index]
            return !points.indices.contains { other in
                other != index && points[other].cost <= point.cost && points[other].quality >= point.quality
                    && (points[other].cost < point.cost || points[other].quality > point.quality)
            }
        }
    }
}
