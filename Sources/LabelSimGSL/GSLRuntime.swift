internal import CGSL

/// Process-wide GSL set-up: GSL's default error handler calls `abort()`, so it is turned off once,
/// before any other GSL call, and every status is checked by the caller instead.
enum GSLRuntime {
    private static let handlerDisabled: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Turns GSL's aborting error handler off; cheap and idempotent, called by every GSL owner.
    static func prepare() {
        _ = handlerDisabled
    }

    /// GSL's message for a status code.
    static func message(for status: Int32) -> String {
        guard let text = gsl_strerror(status) else { return "unknown status" }
        return String(cString: text)
    }

    /// Throws a ``GSLError`` unless `status` is `GSL_SUCCESS`.
    static func check(_ status: Int32, _ context: @autoclosure () -> String) throws(GSLError) {
        if status != GSL_SUCCESS {
            throw GSLError(status: status, context: context())
        }
    }
}
