/// The parameters of a softmax-regression model over K classes and D features.
///
/// Stored flat as `values`, feature-major then intercepts: the weight of feature d for class k is
/// `values[d * K + k]` and the intercept of class k is `values[D * K + k]`, K·(D + 1) values in all.
/// Feature-major order lets the score loop add one feature's K weights at a time.
public struct SoftmaxWeights: Sendable, Equatable {
    /// Number of classes K.
    public let classes: Int
    /// Number of features D.
    public let dimensions: Int
    /// The K·(D + 1) parameters in the layout described above.
    public let values: [Double]

    /// Wraps parameters; `values` must hold K·(D + 1) numbers.
    public init(classes: Int, dimensions: Int, values: [Double]) throws(SoftmaxRegressionError) {
        guard values.count == classes * (dimensions + 1) else {
            throw .shapeMismatch(what: "weights", expected: classes * (dimensions + 1), actual: values.count)
        }
        self.classes = classes
        self.dimensions = dimensions
        self.values = values
    }

    init(unchecked classes: Int, _ dimensions: Int, _ values: [Double]) {
        self.classes = classes
        self.dimensions = dimensions
        self.values = values
    }

    /// The weight of feature `feature` in the score of class `classIndex`.
    public func weight(feature: Int, class classIndex: Int) -> Double {
        values[feature * classes + classIndex]
    }

    /// The intercept (bias) of class `classIndex`.
    public func intercept(class classIndex: Int) -> Double {
        values[dimensions * classes + classIndex]
    }
}
