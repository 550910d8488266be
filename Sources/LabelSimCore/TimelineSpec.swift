/// A project run period by period: each plan buys labels with one strategy per period from that
/// period's budget, and the model is retrained on everything delivered so far after each period.
///
/// A run of consecutive periods with the same strategy is one segment: it continues one labelling
/// process (same workers, same random stream) with the segment's summed budget and a deadline at
/// the end of the period, so a plan that never switches equals, after period m, a plain run with
/// m periods' budget and m periods' days. A new segment starts on the items not labelled yet;
/// vendors new to the plan in that segment start with their onboarding lead time.
public struct TimelineSpec: Sendable, Equatable {
    /// Calendar days in one period.
    public var periodDays: Double
    /// Dollars available in each period (one entry per period).
    public var budgets: [Double]
    /// The plans compared.
    public var plans: [Plan]

    /// A named sequence of strategies, one per period.
    public struct Plan: Sendable, Equatable {
        /// Name, shown as an option beside vendors.
        public var name: String
        /// Option index per period: a vendor index, or `vendors.count + s` for strategy s.
        public var options: [Int]

        /// Creates a plan.
        public init(name: String, options: [Int]) {
            self.name = name
            self.options = options
        }
    }

    /// Creates a timeline.
    public init(periodDays: Double, budgets: [Double], plans: [Plan]) {
        self.periodDays = periodDays
        self.budgets = budgets
        self.plans = plans
    }

    /// Number of periods.
    public var periods: Int { budgets.count }
}
