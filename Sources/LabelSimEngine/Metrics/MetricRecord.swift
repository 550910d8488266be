/// One value per metric of a ``MetricCatalog``, read and written by metric (`record[.costDollars]`).
///
/// Backed by a flat array in catalogue order, so writing files and summarising replications walks
/// contiguous values; the catalogue is shared, not copied, between records.
public struct MetricRecord<Value: Sendable>: Sendable {
    /// The metrics, in the order of ``values``.
    public let catalog: MetricCatalog
    /// Values in catalogue order.
    public private(set) var values: [Value]

    /// A record of `values`, one per metric of `catalog`, in its order.
    public init(catalog: MetricCatalog, values: [Value]) {
        precondition(values.count == catalog.metrics.count, "a metric record needs one value per catalogue metric")
        self.catalog = catalog
        self.values = values
    }

    /// The value of `metric`; nil when the catalogue does not have it. Setting a metric the
    /// catalogue lacks is a programming error.
    public subscript(metric: Metric) -> Value? {
        get { catalog.index(of: metric).map { values[$0] } }
        set {
            guard let index = catalog.index(of: metric), let newValue else {
                assertionFailure("\(metric) is not in this catalogue, or set to nil")
                return
            }
            values[index] = newValue
        }
    }

    /// Metrics and values in catalogue order.
    public var entries: [(metric: Metric, value: Value)] { Array(zip(catalog.metrics, values)).map { ($0, $1) } }
}

extension MetricRecord where Value == Double {
    /// A record of `catalog` with every value missing (NaN) until set.
    public init(catalog: MetricCatalog) {
        self.init(catalog: catalog, values: Array(repeating: .nan, count: catalog.metrics.count))
    }
}

extension MetricRecord: Equatable where Value: Equatable {}
