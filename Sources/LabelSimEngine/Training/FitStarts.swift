import Foundation

/// Starting points for a run's softmax fits, taken from one replication's fits (the first one a
/// ``MonteCarloRun`` runs, before the others, so they do not depend on the thread count or on
/// which thread ran what): for each learner stream (a vendor, strategy or plan) its oracle fit
/// and its own fit, with the Hessian estimate at each.
///
/// Every replication's optimum for a stream lies near that replication's (the problems differ
/// only by sampling), so a fit started there with that curvature converges in a few steps that
/// need no Hessian pass; the objective is strictly convex, so the start changes the path and the
/// weights only within the fit's tolerance.
final class FitStarts: @unchecked Sendable {
    private let lock = NSLock()
    private var oracles: [Int: SoftmaxStart] = [:]
    private var fits: [Int: SoftmaxStart] = [:]
    /// Whether fits are still being recorded (then no start is given out).
    private var recording = true

    /// An empty set, recording.
    init() {}

    /// Stops recording: from now on the recorded starts are given out.
    func freeze() {
        lock.lock()
        recording = false
        lock.unlock()
    }

    /// Whether fits should be recorded.
    var isRecording: Bool {
        lock.lock()
        defer { lock.unlock() }
        return recording
    }

    /// Records the oracle fit and the fit of `stream` (the last one recorded for a stream wins).
    func record(stream: Int, oracle: SoftmaxStart?, fit: SoftmaxStart?) {
        lock.lock()
        defer { lock.unlock() }
        guard recording else { return }
        if let oracle { oracles[stream] = oracle }
        if let fit { fits[stream] = fit }
    }

    /// The oracle start and the fit start of `stream` (nil while recording or when not recorded).
    func starts(stream: Int) -> (oracle: SoftmaxStart?, fit: SoftmaxStart?) {
        lock.lock()
        defer { lock.unlock() }
        guard !recording else { return (nil, nil) }
        return (oracles[stream], fits[stream])
    }
}
