/// The expectation–maximisation loop shared by Dawid–Skene, one-coin Dawid–Skene, GLAD and MACE,
/// with the one stopping rule they all use.
///
/// A method supplies three passes over its own buffers: `start` (expected counts from the
/// majority-vote shares), `maximize` (the M-step: parameters from expected counts) and `expect`
/// (the E-step: posteriors and expected counts from the parameters, returning the
/// log-likelihood). The driver alternates M and E until the log-likelihood per label gains no
/// more than `tolerance` (crowd-kit's rule; a fall, which only rounding can cause, also stops it)
/// or `maxIterations` E-steps have run, then runs a last M-step so the returned parameters are
/// those of the final posteriors.
struct ExpectationMaximization {
    /// Log-likelihood gain per label below which the loop stops.
    var tolerance: Double
    /// Cap on E-steps.
    var maxIterations: Int

    /// Runs the loop over a matrix of `labels` labels; returns the number of E-steps run.
    @inline(__always)
    func run(labels: Int, start: () -> Void, maximize: () -> Void, expect: () -> Double) -> Int {
        start()
        var previous = -Double.infinity
        var iterations = 0
        while iterations < maxIterations {
            maximize()
            let logLikelihood = expect()
            iterations += 1
            if hasConverged(previous: previous, current: logLikelihood, labels: labels) { break }
            previous = logLikelihood
        }
        maximize()
        return iterations
    }

    /// Whether the gain from `previous` to `current` per label is at most ``tolerance``.
    @inline(__always)
    func hasConverged(previous: Double, current: Double, labels: Int) -> Bool {
        guard previous.isFinite, current.isFinite else { return false }
        return (current - previous) / Double(max(labels, 1)) <= tolerance
    }
}
