/// When a vendor delivers: its capacity in labels per day, the onboarding lead time before the
/// first label, and an optional linear ramp-up to full capacity.
///
/// Capacity after onboarding grows linearly from 0 to `labelsPerDay` over `rampDays` days, then
/// stays there, so the labels delivered by day t are
/// L·u²/(2r) for u = t − lead ≤ r, and L·(u − r/2) beyond (L labels per day, r ramp days).
public struct VendorCalendar: Sendable, Equatable {
    /// Labels the whole vendor delivers per day at full capacity.
    public var labelsPerDay: Double
    /// Days between signing and the first label.
    public var leadDays: Double
    /// Days from the first label to full capacity (0: full capacity at once).
    public var rampDays: Double

    /// Creates a calendar.
    public init(labelsPerDay: Double, leadDays: Double = 0, rampDays: Double = 0) {
        self.labelsPerDay = labelsPerDay
        self.leadDays = leadDays
        self.rampDays = rampDays
    }

    /// Labels delivered within `days` days of signing.
    public func labels(within days: Double) -> Double {
        let working = days - leadDays
        guard working > 0 else { return 0 }
        if rampDays > 0, working <= rampDays { return labelsPerDay * working * working / (2 * rampDays) }
        return labelsPerDay * (working - rampDays / 2)
    }

    /// Calendar days from signing until `labels` labels are delivered (0 for none).
    public func days(toDeliver labels: Double) -> Double {
        guard labels > 0 else { return 0 }
        if rampDays > 0, labels <= labelsPerDay * rampDays / 2 {
            return leadDays + (2 * rampDays * labels / labelsPerDay).squareRoot()
        }
        return leadDays + labels / labelsPerDay + rampDays / 2
    }

    /// Worker-days of work available within `days` of signing (after onboarding, ramp ignored:
    /// the ramp is how fast the vendor staffs up, not how long a staffed worker works).
    public func workingDays(within days: Double) -> Double { max(0, days - leadDays) }
}
